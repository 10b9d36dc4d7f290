package io.roro.core.platform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local router's error log kept bounded: nginx appends to it for as long as it runs (a refused backend is a
 * line), and a router runs for months. Past {@link #MAX_BYTES} it becomes {@code error.log.1} (the one before
 * goes) and nginx is asked to reopen its log: at most twice that on disk. Containers' logs are the engine's
 * (RORO_CONTAINER_LOGS); this is the one log roro writes itself.
 */
final class ErrorLogs {
    static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ErrorLogs.class.getName());

    private ErrorLogs() {
    }

    /** Rotates {@code log} when it is over {@code maxBytes}, then runs {@code reopen}; whether it rotated. */
    static boolean rotate(Path log, long maxBytes, Runnable reopen) {
        try {
            if (!Files.isRegularFile(log) || Files.size(log) <= maxBytes) {
                return false;
            }
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot rotate " + log + ": it keeps growing", e);
            return false;
        }
        reopen.run(); // nginx writes to the renamed file until it reopens its log
        return true;
    }
}
