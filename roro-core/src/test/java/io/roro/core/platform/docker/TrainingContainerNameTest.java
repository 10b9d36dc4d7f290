package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A training's container name is its own: a second start with the same name would remove the first's container. */
class TrainingContainerNameTest {
    private static final Path HOME = Path.of("/home/ana/.roro");

    @Test
    void projectAndTaskNamesThatJoinAlikeGetTheirOwnContainers() {
        assertThat(DockerTrainings.containerName(HOME, "cola", "b-t-1"))
                .isNotEqualTo(DockerTrainings.containerName(HOME, "cola-b", "t-1"))
                .startsWith("roro-train-cola-b-t-1-");
    }

    @Test
    void oneTrainingNameInTwoHomesGetsTwoContainers() {
        assertThat(DockerTrainings.containerName(HOME, "credit-risk", "retrain-1"))
                .isNotEqualTo(DockerTrainings.containerName(Path.of("/var/lib/jenkins/roro"), "credit-risk",
                        "retrain-1"))
                .isEqualTo(DockerTrainings.containerName(HOME, "credit-risk", "retrain-1"));
    }
}
