package io.roro.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** A scratch directory that goes away with everything in it (build contexts, extracted images, warm-up stores). */
public final class TemporaryDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TemporaryDirectory.class.getName());

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    public static TemporaryDirectory create(String prefix) {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes {@code directory} and everything below it; what cannot be deleted is left (it is scratch). */
    public static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left behind is not worth failing for
            LOG.log(Level.FINE, "cannot remove all of " + directory, e);
        }
    }

    @Override
    public void close() {
        delete(path);
    }
}
