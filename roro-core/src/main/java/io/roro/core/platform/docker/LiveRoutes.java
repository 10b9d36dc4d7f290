package io.roro.core.platform.docker;

import io.roro.core.platform.FileLocks;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.routing.LiveState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which generation of a service's backends takes routed traffic: one file per service in the router's
 * {@code live/} directory, mounted read-only into every backend (the runtime toolkit answers routed requests only
 * while the file names its own generation). A lock per service marks a serve in progress, so that what an
 * interrupted serve left is told apart from what a running one is starting; the OS drops the lock of a killed one.
 */
final class LiveRoutes {
    /** Written before the first backends of a service start: no generation is live yet. */
    static final String NONE = "none";

    private final Path directory;

    LiveRoutes(Path directory) {
        this.directory = directory;
    }

    /**
     * How long both generations are admitted while one takes over from the other. A routed request that meets a
     * standby backend is retried on the others, each once; without this overlap, one that reached the new generation
     * just before the switch and the old one just after found both standby and got the 503. With it, every moment
     * has a generation that answers, and none that stops answering right after another started to. A request's
     * tries of standby backends take well under a millisecond each here (they are answered at once); 25 ms is the
     * margin for a loaded machine. A serve waits it out before it answers, so the next request after it is
     * answered by what it served (ended in the background instead, a request right after the answer could still
     * reach the old generation: ServeKilledTest).
     */
    static final long OVERLAP_MILLIS = 25;

    /**
     * The live generation of {@code service}: the one lineage records (while a hand-over overlaps, the one taking
     * over); empty when none was ever written (backends of an older roro).
     */
    Optional<String> live(String service) {
        return admitted(service).stream().findFirst();
    }

    /**
     * Every generation the file names now: the live one, a canary or shadow beside it, and while a hand-over
     * overlaps (or after one was killed in it) those of the state before.
     */
    List<String> admitted(String service) {
        return text(service).map(LiveState::generations).orElse(List.of());
    }

    /** What the file says once settled: the live generation and its candidate, if any. */
    Optional<LiveState> state(String service) {
        return text(service).flatMap(LiveState::parse);
    }

    /** The file as written, empty when there is none. */
    Optional<String> text(String service) {
        try {
            return Optional.of(Files.readString(file(service)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(service) + ": " + e.getMessage(), e);
        }
    }

    /** {@link #switchTo(String, LiveState)} to {@code generation} alone. */
    void switchTo(String service, String generation) {
        switchTo(service, LiveState.of(generation));
    }

    /**
     * Makes {@code next} what takes traffic: for {@link #OVERLAP_MILLIS} the file admits both it and the state
     * before (the new tokens first, so it reads as the new state), then it alone. Each step is one rename.
     */
    void switchTo(String service, LiveState next) {
        String rendered = next.render();
        Optional<String> before = text(service).filter(t -> !t.equals(NONE) && !t.isEmpty() && !t.equals(rendered));
        if (before.isPresent()) {
            write(service, rendered + " " + before.get());
            try {
                Thread.sleep(OVERLAP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the switch itself is finished below regardless
            }
        }
        write(service, rendered);
        remember(service, next.live());
    }

    /**
     * Names {@code generation} standby beside what takes traffic: the live generation's workers let go of the slot
     * it starts in (routing.SlotTakeover). Nothing else changes.
     */
    void standby(String service, String generation) {
        text(service).ifPresent(t -> write(service, LiveState.standby(t, generation)));
    }

    /** The file without a standby generation: a serve that did not go live gives the live one its slot back. */
    void settle(String service) {
        text(service).filter(t -> !LiveState.settled(t).equals(t)).ifPresent(t -> write(service,
                LiveState.settled(t)));
    }

    /**
     * A canary or shadow taken away: its backends drain under the hand-over that was just started, so the next
     * command does not take them for what an interrupted serve left (one killed before the router was told is).
     */
    void draining(String service, String generation) {
        remember(service, generation);
    }

    private void write(String service, String admitted) {
        try {
            Files.createDirectories(directory);
            Files.createDirectories(historyFile(service).getParent());
            openUp(directory);
            Path tmp = Files.createTempFile(directory, "." + service + "-", ".tmp");
            Files.writeString(tmp, admitted + "\n");
            tmp.toFile().setReadable(true, false);
            Files.move(tmp, file(service), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + service + " to " + admitted + ": " + e.getMessage(), e);
        }
    }

    private void remember(String service, String generation) {
        try {
            if (!generation.equals(NONE)) {
                // the generations that took traffic once: theirs drain under a serve's hand-over, not as leftovers
                List<String> history = new ArrayList<>(wereLive(service));
                history.add(generation);
                Files.write(historyFile(service), history.subList(Math.max(0, history.size() - 20), history.size()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + service + " to " + generation + ": " + e.getMessage(), e);
        }
    }

    /** The generations of {@code service} that were live at some time, oldest first (the last 20). */
    List<String> wereLive(String service) {
        try {
            return Files.readAllLines(historyFile(service)).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + historyFile(service) + ": " + e.getMessage(), e);
        }
    }

    private Path historyFile(String service) {
        return directory.resolveSibling("history").resolve(service);
    }

    /** Before new backends start: a service without a live file gets one, so they do not take traffic at once. */
    void ensure(String service) {
        if (live(service).isEmpty()) {
            switchTo(service, NONE);
        }
    }

    void forget(String service) {
        try {
            Files.deleteIfExists(file(service));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(service) + ": " + e.getMessage(), e);
        }
    }

    /** Held while a serve of {@code service} runs: blocks until another serve of it has ended, in any process. */
    Held lock(String service) {
        return acquire(service, true).orElseThrow(); // waiting, it gets the lock or throws
    }

    /** {@link #lock(String)}, saying on {@code log} when it waits for another serve. */
    Held lock(String service, Consumer<String> log) {
        Optional<Held> now = tryLock(service);
        if (now.isPresent()) {
            return now.get();
        }
        log.accept("roro: another serve or deploy of " + service + " runs now; waiting for it to end");
        return lock(service);
    }

    /** The lock if no serve of {@code service} runs now. */
    Optional<Held> tryLock(String service) {
        return acquire(service, false);
    }

    /** A held service lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private Optional<Held> acquire(String service, boolean wait) {
        Path file = directory.resolveSibling("locks").resolve(service + ".lock");
        if (wait) {
            ServiceRuntime.Lock held = FileLocks.lock(file, line -> { }, "");
            return Optional.of(held::close);
        }
        return FileLocks.tryLock(file).map(held -> held::close);
    }

    private Path file(String service) {
        return directory.resolve(service);
    }

    private static void openUp(Path dir) {
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
    }
}
