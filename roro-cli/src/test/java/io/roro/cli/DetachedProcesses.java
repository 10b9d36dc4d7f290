package io.roro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processes a test's commands left to run on their own (a detached training's finisher), found by the test's
 * directory: where they run, or on their command line (read from /proc: ProcessHandle's command line is cut short
 * for a long class path). A finisher ends by itself once its training has ended: one still running after
 * the test would work in a directory that is about to be deleted (and open a store there anew), so the tests wait
 * for them, and one that does not end is a fault of the product.
 */
final class DetachedProcesses {
    private DetachedProcesses() {
    }

    /** Waits up to {@code within} for every process naming {@code dir} to end; kills and names those that did not. */
    static void awaitEnd(Path dir, Duration within) throws InterruptedException {
        String mark = dir.toAbsolutePath().toString();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> p.pid() != self)
                .filter(p -> naming(p.pid(), mark)).toList();
        Instant deadline = Instant.now().plus(within);
        List<String> lingering = new ArrayList<>();
        for (ProcessHandle process : left) {
            try {
                process.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                lingering.add(process.pid() + " " + commandLine(process.pid()));
                process.destroyForcibly();
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot wait for process " + process.pid(), e);
            }
        }
        if (!lingering.isEmpty()) {
            throw new AssertionError("still running " + within.toSeconds() + " s after the test (killed): "
                    + lingering);
        }
    }

    private static boolean naming(long pid, String mark) {
        return workingDirectory(pid).startsWith(mark) || commandLine(pid).contains(mark);
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
        } catch (IOException e) {
            return ""; // another user's process, or one that just ended: not this test's
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return ""; // ended, or not readable: not this test's
        }
    }
}
