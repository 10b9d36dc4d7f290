package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user is told when the runtime image cannot be made. Needs the docker command line, not an engine. */
class RuntimeImagesTest {

    /** An engine that cannot be asked (down, or no permission on its socket) is not a missing base image. */
    @Test
    void anEngineThatCannotBeReachedIsNamedAsSuch(@TempDir Path dir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_HOST", "unix://" + dir.resolve("docker.sock"));
        env.remove("DOCKER_CONTEXT");
        RuntimeImages runtimes = new RuntimeImages(new DockerCli(env), env);

        assertThatThrownBy(() -> runtimes.ensure("python3"))
                .isInstanceOf(DockerException.class)
                .hasMessageContaining("cannot ask the Docker engine")
                .hasMessageContaining(dir.resolve("docker.sock").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("is not available"));
    }
}
