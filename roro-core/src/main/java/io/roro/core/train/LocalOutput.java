package io.roro.core.train;

import io.roro.core.TemporaryDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** A training's output directory once published: the store has it, so the local copy goes (roro gc otherwise). */
final class LocalOutput {
    private static final Logger LOG = Logger.getLogger(LocalOutput.class.getName());

    private LocalOutput() {
    }

    static void remove(Path output) {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (Stream<Path> children = Files.list(output)) {
            children.toList().forEach(TemporaryDirectory::delete);
        } catch (IOException | UncheckedIOException e) {
            // a file the container made unremovable for this user: roro gc says so later
            LOG.log(Level.WARNING, "cannot remove the published output " + output + ": " + e.getMessage(), e);
        }
    }
}
