package io.roro.core.artifacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * The process writing an upload, as this machine's kernel knows it: boot, PID namespace, PID and start time. An
 * upload whose process is provably gone (same boot and namespace; its PID absent or now another process) was
 * killed: its orphan goes at once instead of after the age limit, which stays for uploaders roro cannot see
 * (another machine, another container's PID namespace).
 *
 * @param boot         the kernel's boot id
 * @param pidNamespace the PID namespace (processes in another one are not visible from here)
 * @param pid          the process
 * @param startMillis  when it started (a PID reused by another process has another start)
 */
record Uploader(String boot, String pidNamespace, long pid, long startMillis) {
    private static final Logger LOG = Logger.getLogger(Uploader.class.getName());

    /** This process, where the kernel says who it is (Linux); empty elsewhere. */
    static Optional<Uploader> current() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            ProcessHandle self = ProcessHandle.current();
            return self.info().startInstant().map(start -> new Uploader(boot, namespace, self.pid(),
                    start.toEpochMilli()));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "no process identity here: orphaned uploads are removed by age only", e);
            return Optional.empty();
        }
    }

    Document toDocument() {
        return new Document("boot", boot).append("pid_namespace", pidNamespace).append("pid", pid)
                .append("start_millis", startMillis);
    }

    static Optional<Uploader> from(Document d) {
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new Uploader(d.getString("boot"), d.getString("pid_namespace"),
                ((Number) d.get("pid")).longValue(), ((Number) d.get("start_millis")).longValue()));
    }

    /** Whether this uploader is provably not running any more, as seen from {@code here}. */
    boolean goneAsSeenFrom(Uploader here) {
        if (!boot.equals(here.boot) || !pidNamespace.equals(here.pidNamespace)) {
            return false; // not ours to judge
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // the start time is reported to the tick; the same process gives the same value each time it is asked
        return process.get().info().startInstant().map(s -> s.toEpochMilli() != startMillis).orElse(false);
    }
}
