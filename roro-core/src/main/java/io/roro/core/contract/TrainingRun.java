package io.roro.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a task: what it ran (build version, command or notebook, parameters, profile), on which data, how
 * far it got, its metrics, and the model versions it produced.
 *
 * @param buildVersion id of the build version ({@code project:tag})
 * @param dataset      id of the dataset ({@code model:name})
 * @param progress     0..1
 */
public record TrainingRun(String project, String name, String task, Optional<String> buildVersion,
        Optional<String> command, Optional<String> notebook, Map<String, Object> params, String profile,
        Optional<String> model, Optional<String> dataset, TrainingState state, double progress,
        Map<String, Object> metrics, Optional<String> reason, Instant createdAt, Optional<Instant> startedAt,
        Instant updatedAt, Optional<Instant> finishedAt, List<String> modelVersions, Origin origin) {

    public TrainingRun {
        createdAt = RecordValues.millis(createdAt);
        startedAt = RecordValues.millis(startedAt);
        updatedAt = RecordValues.millis(updatedAt);
        finishedAt = RecordValues.millis(finishedAt);
        params = RecordValues.copy(params);
        metrics = RecordValues.copy(metrics);
        modelVersions = List.copyOf(modelVersions);
    }

    public String id() {
        return LineageIds.training(project, name);
    }
}
