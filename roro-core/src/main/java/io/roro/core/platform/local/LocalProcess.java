package io.roro.core.platform.local;

import io.roro.core.platform.PlatformException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A process of the local target: started in a session of its own ({@code setsid}), so it outlives the roro command
 * that started it and is stopped with everything it started (gunicorn's workers, a training's children); named by
 * its pid and start time, so a pid the system gave to another process since is never taken for it.
 *
 * @param pid     its process id, also its process group's and session's
 * @param started when the system says it started (empty where the system does not say)
 */
record LocalProcess(long pid, Optional<Instant> started) {
    private static final Logger LOG = Logger.getLogger(LocalProcess.class.getName());

    /**
     * Starts {@code command} in {@code directory} with exactly {@code environment} (nothing of roro's own: its
     * lineage credentials stay with it), its output and errors appended to {@code log}.
     */
    static LocalProcess start(List<String> command, Path directory, Map<String, String> environment, Path log) {
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            return new LocalProcess(process.pid(), process.info().startInstant());
        } catch (IOException e) {
            throw new PlatformException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The process as written by {@link #id()}. */
    static LocalProcess parse(String id) {
        String[] parts = id.split("@", 2);
        try {
            return new LocalProcess(Long.parseLong(parts[0]), parts.length == 2 && !parts[1].isEmpty()
                    ? Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1]))) : Optional.empty());
        } catch (NumberFormatException e) {
            throw new PlatformException("not a local process: " + id, e);
        }
    }

    /** {@code PID@STARTED_MILLIS}: what a handle or a state file keeps. */
    String id() {
        return pid + "@" + started.map(Instant::toEpochMilli).map(String::valueOf).orElse("");
    }

    /** Whether it still runs (the same process: same pid and start). */
    boolean alive() {
        return handle().isPresent();
    }

    private Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> started.isEmpty()
                || h.info().startInstant().map(s -> s.toEpochMilli() == started.get().toEpochMilli()).orElse(true));
    }

    /**
     * Stops its whole process group: TERM (gunicorn finishes the requests it has), KILL after {@code grace}. Returns
     * once nothing of it runs, or after the KILL.
     */
    void stop(long graceMillis) {
        if (handle().isEmpty()) {
            return;
        }
        signal("TERM");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (alive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (alive()) {
            signal("KILL");
        }
    }

    private void signal(String signal) {
        try {
            // the negative pid: the process group setsid made, so children go too
            Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot signal process group " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
