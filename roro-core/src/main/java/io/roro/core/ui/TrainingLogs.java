package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.TrainingRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A training's stored log for its page: the end of it (a page shows at most the last 256 KB). */
final class TrainingLogs {
    private static final int SHOWN = 256 * 1024;

    private TrainingLogs() {
    }

    static String text(Lineage lineage, TrainingRun training) {
        if (!training.state().isFinal()) {
            return "the log is stored when the training ends; `roro train logs " + training.id() + "` follows it now";
        }
        Path file = null;
        try {
            file = Files.createTempFile("roro-ui-log-", ".txt");
            if (!lineage.fetchTrainingLog(training.id(), file)) {
                return "no log was stored for this training";
            }
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long start = Math.max(0, in.length() - SHOWN);
                byte[] bytes = new byte[(int) (in.length() - start)];
                in.seek(start);
                in.readFully(bytes);
                return (start > 0 ? "... (the start is in roro train logs)\n" : "")
                        + new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "the log cannot be read: " + e.getMessage();
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is all
                }
            }
        }
    }
}
