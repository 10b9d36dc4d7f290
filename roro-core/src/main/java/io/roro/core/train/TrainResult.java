package io.roro.core.train;

import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.TrainingRun;
import java.util.Optional;

/** A training that ran (in any final state) and the version published from it, if any. */
public record TrainResult(TrainingRun training, Optional<ModelVersion> version, Optional<String> publishError) {
}
