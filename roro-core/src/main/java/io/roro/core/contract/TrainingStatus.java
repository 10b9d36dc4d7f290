package io.roro.core.contract;

import java.util.Map;
import java.util.Optional;

/**
 * {@code roro train status --json}: where a training stands, as lineage has it after this check.
 *
 * @param modelVersion the version it published, once it has
 * @param publishError why its output was not published, when it finished but publishing failed
 */
public record TrainingStatus(String training, TrainingState state, double progress, Map<String, Object> metrics,
        Optional<String> reason, Optional<String> modelVersion, Optional<String> publishError) {

    public TrainingStatus {
        metrics = RecordValues.copy(metrics); // order kept
    }

    /**
     * The run as lineage records it, with what this check found out: the version published here (else the last one
     * the run recorded) and why publishing failed.
     */
    public static TrainingStatus of(TrainingRun run, Optional<ModelVersion> published, Optional<String> publishError) {
        Optional<String> version = published.map(ModelVersion::id)
                .or(() -> run.modelVersions().stream().reduce((first, last) -> last));
        return new TrainingStatus(run.id(), run.state(), run.progress(), run.metrics(), run.reason(), version,
                publishError);
    }
}
