package io.roro.core.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A started training, enough to follow and finish it from another process or after a restart (Jenkins' nhaTrain
 * polls it): saved as {@code handle.json} in its work directory.
 *
 * @param memoryLimit the profile's memory limit, named when the training runs out of memory
 */
public record TrainingHandle(String trainingId, String container, Path workDir, String profile,
        Optional<String> memoryLimit, Optional<String> model, Optional<String> dataset, Optional<String> pretrained,
        boolean publish, String originUser) {
}
