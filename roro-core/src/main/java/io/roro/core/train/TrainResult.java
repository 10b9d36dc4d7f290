package io.roro.core.train;

import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingStatus;
import java.util.Optional;

/** A training that ran (in any final state) and the version published from it, if any. */
public record TrainResult(TrainingRun training, Optional<ModelVersion> version, Optional<String> publishError) {
    /** Where {@code run} stands, with what this check found out (the result, once it finished here). */
    public static TrainingStatus status(TrainingRun run, Optional<TrainResult> checked) {
        return TrainingStatus.of(run, checked.flatMap(TrainResult::version), checked.flatMap(TrainResult::publishError));
    }
}
