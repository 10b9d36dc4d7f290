package io.roro.cli;

import io.roro.core.artifacts.GridFsArtifactStore;
import io.roro.core.lineage.database.LineageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The disk space the roro home uses, in two parts: local copies (model copies backends mount, trainings' work:
 * what `roro gc` looks at) and the embedded lineage store with its files (0 on a MongoDB server, whose size is its
 * own). Sizes only, no engine or store asked: cheap enough for every `roro ps`.
 */
record DiskUse(long localCopies, long store) {
    private static final Logger LOG = Logger.getLogger(DiskUse.class.getName());

    static DiskUse of(Path home) {
        return new DiskUse(size(home.resolve("models")) + size(home.resolve("work")), storeBytes());
    }

    /** The embedded store's file and the files of its models and datasets beside it (lineage.mv.artifacts). */
    static long storeBytes() {
        try {
            Path file = LineageConfig.load(LineageAccess.environment()).embeddedFile();
            if (file == null || !Files.isRegularFile(file)) {
                return 0;
            }
            return Files.size(file) + size(GridFsArtifactStore.embeddedFilesOf(file));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the store's size is unknown", e);
            return 0;
        }
    }

    /** The bytes of the regular files under {@code dir}; a file that goes while it is walked counts nothing. */
    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException expected) {
                    return 0; // removed meanwhile (gc, a finished training)
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "cannot walk " + dir, e);
            return 0;
        }
    }

    /** One line: {@code disk: 1.2 GB in local copies (roro gc --dry-run ...), 3.4 GB in the lineage store}. */
    String line() {
        return "disk: " + readable(localCopies) + " in local copies (roro gc --dry-run says what can go), "
                + (store > 0 ? readable(store) + " in the lineage store" : "the lineage store on its server");
    }

    static String readable(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
