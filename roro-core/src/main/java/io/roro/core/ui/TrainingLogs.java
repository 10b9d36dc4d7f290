package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.TrainingRun;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * A training's log for its page: while it runs, what the platform shows of it now; once it ended, the stored one.
 * The end of it either way (a page shows at most the last 256 KB).
 */
final class TrainingLogs {
    private static final int SHOWN = 256 * 1024;

    /** What the page and /api/v1/trainings/ID/log show: the text, and whether it is the running training's. */
    record Shown(String training, String state, boolean live, String text) {
    }

    private TrainingLogs() {
    }

    static Shown shown(Lineage lineage, TrainingRun training, LiveLog live) {
        if (training.state().isFinal()) {
            return new Shown(training.id(), training.state().name(), false, text(lineage, training));
        }
        ArrayDeque<String> tail = new ArrayDeque<>();
        long[] size = {0};
        boolean shown = live.read(training, line -> {
            tail.addLast(line);
            size[0] += line.length() + 1;
            while (size[0] > SHOWN && tail.size() > 1) {
                size[0] -= tail.removeFirst().length() + 1;
            }
        });
        return new Shown(training.id(), training.state().name(), shown, shown ? String.join("\n", tail)
                : "the log is stored when the training ends; `roro train logs " + training.id() + "` follows it"
                        + " where it runs");
    }

    private static String text(Lineage lineage, TrainingRun training) {
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
