package io.roro.core.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes and reports progress as an upload pulls them. */
final class CountingInputStream extends FilterInputStream {
    private final String name;
    private final long total;
    private final ArtifactStore.Progress progress;
    long count;

    CountingInputStream(InputStream in, String name, long total, ArtifactStore.Progress progress) {
        super(in);
        this.name = name;
        this.total = total;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            progress.update(name, count, total);
        }
        return n;
    }
}
