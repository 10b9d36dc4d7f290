package io.roro.core.platform.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Reads a growing log a line at a time: each call hands over the whole lines written since the last one. */
final class LogTail {
    private static final Logger LOG = Logger.getLogger(LogTail.class.getName());

    private final Path file;
    private long position;
    private final StringBuilder partial = new StringBuilder();

    LogTail(Path file) {
        this.file = file;
    }

    void read(Consumer<String> lines) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= position) {
                return;
            }
            byte[] bytes = new byte[(int) Math.min(length - position, 16 * 1024 * 1024)];
            in.seek(position);
            in.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                lines.accept(partial.substring(0, newline));
                partial.delete(0, newline + 1);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot read " + file + " yet", e);
        }
    }
}
