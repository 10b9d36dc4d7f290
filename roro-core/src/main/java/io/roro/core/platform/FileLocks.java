package io.roro.core.platform;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Locks held across processes by a file of this machine: what keeps two rollouts of one service (two Jenkins
 * builds, a terminal and Jenkins) from running at once on a target that keeps its state here.
 */
public final class FileLocks {
    private static final Logger LOG = Logger.getLogger(FileLocks.class.getName());

    private FileLocks() {
    }

    /** The lock of {@code file}, waiting for whoever holds it now (said on {@code log} with {@code waiting}). */
    public static ServiceRuntime.Lock lock(Path file, Consumer<String> log, String waiting) {
        Optional<ServiceRuntime.Lock> now = acquire(file, false);
        if (now.isPresent()) {
            return now.get();
        }
        log.accept(waiting);
        return acquire(file, true).orElseThrow(); // waiting, it gets the lock or throws
    }

    /** The lock of {@code file} if nobody holds it now. */
    public static Optional<ServiceRuntime.Lock> tryLock(Path file) {
        return acquire(file, false);
    }

    private static Optional<ServiceRuntime.Lock> acquire(Path file, boolean wait) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = wait ? waitFor(channel) : tryLock(channel);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(() -> {
                try {
                    lock.release();
                    channel.close();
                } catch (IOException e) {
                    // closing the channel releases the lock in any case
                    LOG.log(Level.FINE, "cannot release a lock cleanly", e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM (the resident roro) holds it right now
        }
    }

    /**
     * The lock once no other process and no other command of this JVM holds it: the OS makes other processes wait,
     * but a lock this JVM holds is refused at once (the resident roro runs several commands at a time), so that is
     * waited out here.
     */
    @SuppressWarnings("PMD.PreserveStackTrace") // the overlap is the state waited out; the interruption is the cause
    private static FileLock waitFor(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException stopped = new InterruptedIOException("interrupted while waiting for a lock");
                    stopped.initCause(interrupted);
                    throw stopped;
                }
            }
        }
    }
}
