package io.roro.core.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileRowsTest {
    @Test
    void sizesReadAsAPersonWritesThem() {
        assertThat(FileRows.size(0)).isEqualTo("0 B");
        assertThat(FileRows.size(1023)).isEqualTo("1023 B");
        assertThat(FileRows.size(1536)).isEqualTo("1.5 KB");
        assertThat(FileRows.size(3_565_158)).isEqualTo("3.4 MB");
        assertThat(FileRows.size(250L * 1024 * 1024)).isEqualTo("250 MB");
        assertThat(FileRows.size(1_181_116_006L)).isEqualTo("1.1 GB");
    }
}
