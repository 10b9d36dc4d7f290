package io.roro.core.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Python serving toolkit's own unit tests (agent-images/runtime-python/tests), run here so that the build runs
 * them: routing, argument errors and the Ingress path prefix, called as WSGI without gunicorn or Docker, and the
 * asyncio server with its batching over real HTTP (skipped, visibly, where httptools is missing).
 */
class ServingToolkitTest {
    @Test
    void toolkitUnitTestsPass() throws Exception {
        Assumptions.assumeTrue(pythonAvailable(), "no python3 on PATH (.ci/run installs it)");
        Path toolkit = Path.of("../agent-images/runtime-python").toAbsolutePath().normalize();
        assertThat(toolkit.resolve("tests")).isDirectory();
        ProcessBuilder builder = new ProcessBuilder(python(), "-m", "unittest", "discover", "-s", "tests", "-v")
                .directory(toolkit.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // leave the source tree as it was
        Process python = builder.start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("test_an_ingress_path_prefix_is_stripped").contains("OK");
    }

    /** Debian's python3, which has the runtime image's packages (httptools too; .ci/run installs them), else PATH's. */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder(python(), "--version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
