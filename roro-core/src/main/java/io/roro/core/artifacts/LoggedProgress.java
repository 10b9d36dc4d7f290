package io.roro.core.artifacts;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Progress as log lines: for a file of a few megabytes or more, a line at each quarter (what a Jenkins log and a
 * terminal both show), none for small files. What a training's own publish says while it uploads.
 */
public final class LoggedProgress implements ArtifactStore.Progress {
    private static final long SHOW_ABOVE = 4L * 1024 * 1024;
    private final Consumer<String> log;
    private final Map<String, Integer> quarters = new HashMap<>();

    private LoggedProgress(Consumer<String> log) {
        this.log = log;
    }

    public static ArtifactStore.Progress to(Consumer<String> log) {
        return new LoggedProgress(log);
    }

    @Override
    public synchronized void update(String name, long done, long total) {
        if (total < SHOW_ABOVE) {
            return;
        }
        int quarter = (int) Math.min(4, done * 4 / total);
        int said = quarters.getOrDefault(name, -1);
        if (quarter > said) {
            quarters.put(name, quarter);
            log.accept(String.format(Locale.ROOT, "storing %s: %d%% of %.1f MB", name, quarter * 25,
                    total / 1048576.0));
        }
    }
}
