package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publish or fetch started with the client JIT only (as the launcher starts it) that moves more than
 * RORO_FULL_JIT_FROM_MB runs again, whole, in a JVM with the full JIT: its output, files and exit code are the
 * command's, once; below the threshold it runs where it started.
 */
class LargeTransferTest {
    @TempDir
    Path dir;

    @Test
    void largePublishAndFetchRunInAFullJitJvmWithTheirOutputAndExitCodeOnce() throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve("model.pkl"), new byte[3 << 20]);

        Run published = roro(project, "2", "publish", "--model", "credit-model", "--path", out.toString());
        assertThat(published.exit).as(published.err).isZero();
        assertThat(published.out).isEqualTo("published credit-model:v1 (1 file)\n");
        assertThat(published.handedOver()).as(published.err).isEqualTo(1);

        Path back = dir.resolve("back");
        Run fetched = roro(project, "2", "versions", "fetch", "credit-model:v1", "--to", back.toString());
        assertThat(fetched.exit).as(fetched.err).isZero();
        assertThat(fetched.out).isEqualTo("fetched credit-model:v1 (1 file) to " + back + "\n");
        assertThat(fetched.handedOver()).isEqualTo(1);
        assertThat(Files.readAllBytes(back.resolve("model.pkl"))).isEqualTo(Files.readAllBytes(out.resolve("model.pkl")));

        // the full-JIT JVM's failure is the command's: its message once, its exit code
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Run failed = roro(project, "2", "versions", "fetch", "credit-model:v1", "--to", file.toString());
        assertThat(failed.exit).isNotZero();
        assertThat(failed.handedOver()).isEqualTo(1);
        assertThat(failed.err.split("a-file", -1).length - 1).as(failed.err).isEqualTo(1);

        Run small = roro(project, "4", "publish", "--model", "credit-model", "--path", out.toString());
        assertThat(small.exit).as(small.err).isZero();
        assertThat(small.out).isEqualTo("published credit-model:v2 (1 file)\n");
        assertThat(small.handedOver()).isZero();
    }

    private record Run(int exit, String out, String err) {
        long handedOver() {
            return err.lines().filter(line -> line.contains("in a JVM with the full JIT")).count();
        }
    }

    /** roro as the launcher starts a publish: a JVM of its own with the client JIT only. */
    private Run roro(Path project, String fromMb, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RORO_"));
        builder.environment().putAll(Map.of("RORO_HOME", dir.resolve("home").toString(), "RORO_NO_DAEMON", "1",
                "RORO_LOG", "info", LargeTransfer.FROM_MB_VARIABLE, fromMb));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
