package io.roro.core.contract;

import java.util.Optional;

/**
 * {@code roro train --json} (not detached): the training as it ended, the version it published or why not, and
 * the serve its task's {@code serve:} made.
 */
public record TrainOutcome(TrainingRun training, Optional<ModelVersion> version, Optional<String> publishError,
        Optional<DeploymentEvent> served) {
}
