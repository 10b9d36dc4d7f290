package io.roro.core.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python serving toolkit's own unit tests (agent-images/runtime-python/tests), run here so that the build runs
 * them: routing, argument errors and the Ingress path prefix, called as WSGI without gunicorn or Docker.
 */
class ServingToolkitTest {
    @Test
    void toolkitUnitTestsPass() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(pythonAvailable(), "no python3 on PATH (.ci/run installs it)");
        Path toolkit = Path.of("../agent-images/runtime-python").toAbsolutePath().normalize();
        assertThat(toolkit.resolve("tests")).isDirectory();
        ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests", "-v")
                .directory(toolkit.toFile()).redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // leave the source tree as it was
        Process python = builder.start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output).contains("test_an_ingress_path_prefix_is_stripped").contains("OK");
    }

    private static boolean pythonAvailable() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
