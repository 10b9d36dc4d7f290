package io.roro.core.contract;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A started training, enough to follow and finish it from another process or after a restart (Jenkins' nhaTrain
 * polls it).
 *
 * @param container   what it runs in on its platform (a container, a Job)
 * @param workDir     its work directory on this machine, when it has one
 * @param memoryLimit the profile's memory limit, named when the training runs out of memory
 */
public record TrainingHandle(String trainingId, String container, Optional<Path> workDir, String profile,
        Optional<String> memoryLimit, Optional<String> model, Optional<String> dataset, Optional<String> pretrained,
        boolean publish, String originUser) {
}
