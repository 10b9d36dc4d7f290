package io.roro.core.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Room on the embedded store's disk before a publish writes there. A store that runs out of space half-way fails
 * with a database dump that never says "disk"; this says it in one line, before anything is written.
 */
final class DiskSpace {
    /** Room kept beyond the files: the store's own growth (indexes, records, its write-ahead chunks). */
    static final long MARGIN_BYTES = 64L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(DiskSpace.class.getName());

    private DiskSpace() {
    }

    /** Refuses {@code what} of {@code bytes} when the disk of {@code storeFile} has not room for it. */
    static void require(Optional<Path> storeFile, long bytes, String what) {
        if (storeFile.isEmpty()) {
            return; // a MongoDB server watches its own disk
        }
        Path dir = storeFile.get().toAbsolutePath().getParent();
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot tell the free space of " + dir, e);
            return;
        }
        require(dir, bytes, free, what);
    }

    static void require(Path dir, long bytes, long free, String what) {
        long needed = bytes + MARGIN_BYTES;
        if (free < needed) {
            throw new PublishException("no space left for " + what + " on the disk of " + dir + ": " + mb(free)
                    + " MB free, " + mb(needed) + " MB needed (the files and " + mb(MARGIN_BYTES) + " MB for the"
                    + " store); free some space, then publish again (nothing was written)");
        }
    }

    private static long mb(long bytes) {
        return (bytes + 1024 * 1024 - 1) / (1024 * 1024);
    }
}
