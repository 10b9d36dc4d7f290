package io.roro.core.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A new generation's start in the slot the live generation also listens on. The live generation's workers hold the
 * router's other slot while they are the only live generation (roro_runtime.slots), so that nginx never meets a
 * port without a backend; a serve takes the slot over in three steps, each waited for: the new backends bind its
 * ports beside the live workers (SO_REUSEPORT), the live file names them standby (the live workers let go at their
 * next look), and the ports are the new backends' alone. Only then is their health checked: before, the live
 * generation could have answered it. Listening sockets are read from /proc/net/tcp, by inode: the backends share
 * this machine's network (Docker's host network, or local processes).
 */
public final class SlotTakeover {
    private static final Logger LOG = Logger.getLogger(SlotTakeover.class.getName());
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final long POLL_MILLIS = 10;
    private static final String LISTEN = "0A";
    /** 127.0.0.1 and every address as the kernel prints them, over IPv4 and IPv6 (::ffff:127.0.0.1, ::1, ::). */
    private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000", "0000000000000000FFFF00000100007F",
            "00000000000000000000000001000000", "00000000000000000000000000000000");
    /** How long the live workers have to let go: they look every 0.1 s, between predictions. */
    public static final Duration RELEASE_PATIENCE = Duration.ofSeconds(10);

    private final List<Integer> ports;
    private final Set<String> before;

    private SlotTakeover(List<Integer> ports, Set<String> before) {
        this.ports = List.copyOf(ports);
        this.before = Set.copyOf(before);
    }

    /** Before the new backends start on {@code ports}: what listens there now. */
    public static SlotTakeover of(List<Integer> ports) {
        return new SlotTakeover(ports, listeners(ports));
    }

    /** Whether something listened on the slot before the new backends started: the live generation's workers. */
    public boolean held() {
        return !before.isEmpty();
    }

    /**
     * Once the new backends are started: waits until each port has a listener besides those before (within
     * {@code patience}, while {@code stillRunning}), runs {@code standby}, and waits until those before are gone
     * (within {@code release}). Returns why it could not; nothing to do when the slot was not held.
     */
    public Optional<String> takeOver(Runnable standby, Duration patience, Duration release,
            BooleanSupplier stillRunning) {
        if (!held()) {
            return Optional.empty();
        }
        Instant deadline = Instant.now().plus(patience);
        for (int poll = 1; !ports.stream().allMatch(this::boundAnew); poll++) {
            if (Instant.now().isAfter(deadline) || poll % 50 == 0 && !stillRunning.getAsBoolean()) {
                return Optional.of("the new backends did not listen on " + ports + " (their slot)");
            }
            pause();
        }
        standby.run();
        Instant released = Instant.now().plus(release);
        while (listeners(ports).stream().anyMatch(before::contains)) {
            if (Instant.now().isAfter(released)) {
                return Optional.of("the live version did not let go of " + ports + " (the new version's slot) in "
                        + release.toSeconds() + " s; it keeps serving");
            }
            pause();
        }
        return Optional.empty();
    }

    private boolean boundAnew(int port) {
        return listeners(List.of(port)).stream().anyMatch(inode -> !before.contains(inode));
    }

    /** The inodes of the sockets listening on 127.0.0.1 (or every address) at {@code ports}; none where unknown. */
    static Set<String> listeners(List<Integer> ports) {
        Set<String> found = new HashSet<>();
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                LOG.log(Level.FINE, "no " + table + ": its sockets are not looked at", e);
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 10 || !f[3].equals(LISTEN)) {
                    continue;
                }
                int colon = f[1].indexOf(':');
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                if (ports.contains(port) && LOOPBACK.contains(f[1].substring(0, colon))) {
                    found.add(f[9]);
                }
            }
        }
        return found;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a new generation took its slot over", e);
        }
    }
}
