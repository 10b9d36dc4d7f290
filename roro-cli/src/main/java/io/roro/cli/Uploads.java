package io.roro.cli;

import io.roro.core.artifacts.ArtifactStore;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;

/** Progress bars on stderr for uploads over a few megabytes; small files upload silently. */
final class Uploads {
    private static final long SHOW_ABOVE = 4L * 1024 * 1024;

    private Uploads() {
    }

    static ArtifactStore.Progress progress(CommandSpec spec) {
        Map<String, ProgressBar> bars = new HashMap<>();
        return (name, done, total) -> {
            if (total < SHOW_ABOVE) {
                return;
            }
            ProgressBar bar = bars.computeIfAbsent(name, n -> new ProgressBarBuilder().setTaskName(n)
                    .setInitialMax(total).setUnit(" MB", 1024 * 1024).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build());
            bar.stepTo(done);
            if (done >= total) {
                bar.close();
            }
        };
    }
}
