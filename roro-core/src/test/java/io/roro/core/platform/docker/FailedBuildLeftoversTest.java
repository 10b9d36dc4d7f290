package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.testing.DockerTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose step fails leaves no container behind (each failed build of a project left one, stopped, with the
 * project's label). Needs a Docker engine and the base image (scripts/setup-docker.sh); skipped, visibly, without.
 */
class FailedBuildLeftoversTest {
    @TempDir
    Path context;
    private final DockerCli docker = new DockerCli();
    private final String label = "io.roro.leftover-test=" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void removeLeftovers() {
        if (docker.available()) {
            List<String> left = leftovers();
            if (!left.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(left);
                docker.run(rm, 30);
            }
        }
    }

    private List<String> leftovers() {
        return docker.check(List.of("ps", "-aq", "--filter", "label=" + label)).lines()
                .filter(l -> !l.isBlank()).toList();
    }

    @Test
    void aFailedStepLeavesNoContainer() throws Exception {
        DockerTests.assumeEngineAndBaseImage(docker, "FailedBuildLeftoversTest");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + RuntimeImages.DEFAULT_BASE + "\nLABEL "
                + label + "\nRUN echo step-output && exit 3\n");
        String image = "roro/leftover-test:" + UUID.randomUUID().toString().substring(0, 8);
        EngineSocket socket = EngineSocket.of("docker", Map.copyOf(System.getenv())).orElse(null);
        assumeTrue(socket != null, "no engine socket to build through");

        assertThatThrownBy(() -> EngineBuild.build(socket, context, "Dockerfile", image, 120))
                .hasMessageContaining("docker build failed");

        assertThat(leftovers()).as("containers of the failed step").isEmpty();
    }
}
