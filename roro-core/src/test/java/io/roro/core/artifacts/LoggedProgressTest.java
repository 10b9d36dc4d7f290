package io.roro.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A big file's upload says how far it is, a line a quarter; a small one says nothing. */
class LoggedProgressTest {
    @Test
    void aLinePerQuarterForBigFilesNoneForSmallOnes() {
        List<String> lines = new ArrayList<>();
        ArtifactStore.Progress progress = LoggedProgress.to(lines::add);
        long total = 8L * 1024 * 1024;
        for (long done = 0; done <= total; done += 256 * 1024) {
            progress.update("model.pkl", done, total);
        }
        progress.update("metrics.json", 100, 100);
        assertThat(lines).containsExactly("storing model.pkl: 0% of 8.0 MB", "storing model.pkl: 25% of 8.0 MB",
                "storing model.pkl: 50% of 8.0 MB", "storing model.pkl: 75% of 8.0 MB",
                "storing model.pkl: 100% of 8.0 MB");
    }
}
