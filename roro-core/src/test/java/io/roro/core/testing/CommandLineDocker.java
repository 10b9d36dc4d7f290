package io.roro.core.testing;

import io.roro.core.platform.docker.DockerCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An environment whose docker reaches this machine's engine through a docker context: roro then talks to it through
 * the command line only (its own socket path is used only where no context is chosen), so a test can compare both
 * ways to the same engine.
 */
public final class CommandLineDocker {
    private CommandLineDocker() {
    }

    /** This process's environment with a docker configuration in {@code configDir} choosing such a context. */
    public static Map<String, String> environment(Path configDir) {
        Map<String, String> env = new HashMap<>(System.getenv());
        try {
            env.put("DOCKER_CONFIG", Files.createDirectories(configDir).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new DockerCli(env).check(List.of("context", "create", "roro-test", "--docker",
                "host=unix:///var/run/docker.sock"));
        env.put("DOCKER_CONTEXT", "roro-test");
        return Map.copyOf(env);
    }
}
