package io.roro.core.publish;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A publish that cannot fit on the store's disk is refused first, in one line that says "space" and how much. */
class DiskSpaceTest {
    private static final long MB = 1024 * 1024;

    @Test
    void tooLittleRoomIsSaidBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> DiskSpace.require(Path.of("/home/ml/.roro"), 300 * MB, 120 * MB,
                "a version of credit-model")).isInstanceOf(PublishException.class)
                .hasMessage("no space left for a version of credit-model on the disk of /home/ml/.roro: 120 MB free,"
                        + " 364 MB needed (the files and 64 MB for the store); free some space, then publish again"
                        + " (nothing was written)");
        assertThatCode(() -> DiskSpace.require(Path.of("/home/ml/.roro"), 300 * MB, 400 * MB, "x"))
                .doesNotThrowAnyException();
    }
}
