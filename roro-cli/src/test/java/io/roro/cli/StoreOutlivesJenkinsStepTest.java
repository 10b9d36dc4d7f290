package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jenkins kills every process carrying the cookie of a step's process when that process ends (ProcessTreeKiller,
 * by the HUDSON_COOKIE variable it gives each launched process). The shared store server a step's `roro` starts is
 * used by other builds' `roro` meanwhile: it must not carry the cookie, or it goes with the step (the other
 * builds' commands died with "Prematurely reached end of stream").
 */
class StoreOutlivesJenkinsStepTest {
    @TempDir
    Path dir;

    @Test
    void theStoreServerAStepStartedOutlivesTheStepsProcesses() throws Exception {
        Path home = dir.resolve("home");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.roro.cli.Main", "models"));
        ProcessBuilder step = new ProcessBuilder(command).redirectErrorStream(true);
        step.environment().put("RORO_HOME", home.toString());
        step.environment().put("RORO_NO_DAEMON", "1");
        String cookie = "roro-test-" + System.nanoTime();
        step.environment().put("HUDSON_COOKIE", cookie);
        step.environment().put("JENKINS_NODE_COOKIE", cookie);
        Process roro = step.start();
        String said = new String(roro.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(roro.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(roro.exitValue()).as(said).isZero();
        int port = Integer.parseInt(Files.readString(home.resolve("lineage.mv.port")).strip());

        // what Jenkins does when the step's process has ended: every process with its cookie goes
        assertThat(killCarriersOf(cookie)).as("no process left with the step's cookie").isZero();
        Thread.sleep(500);
        try (Socket store = new Socket()) {
            store.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        CliRun again = CliRun.of("models");
        assertThat(again.exitCode()).as(again.err()).isZero();
    }

    /** Kills the processes whose environment holds HUDSON_COOKIE={@code cookie}; returns how many there were. */
    private static int killCarriersOf(String cookie) throws IOException {
        int killed = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                byte[] environ;
                try {
                    environ = Files.readAllBytes(process.resolve("environ"));
                } catch (IOException e) {
                    continue; // gone, or not ours
                }
                if (new String(environ, StandardCharsets.UTF_8).contains("HUDSON_COOKIE=" + cookie + "\0")) {
                    ProcessHandle.of(Long.parseLong(process.getFileName().toString()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                    killed++;
                }
            }
        }
        return killed;
    }
}
