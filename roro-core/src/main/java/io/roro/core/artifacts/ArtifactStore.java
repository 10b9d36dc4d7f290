package io.roro.core.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Where model and dataset files live. Implementations stream (a file is never held in memory whole), hash on write
 * and verify on read.
 */
public interface ArtifactStore {

    /** Reports bytes as they are written, for progress bars. */
    interface Progress {
        Progress NONE = (name, done, total) -> { };

        void update(String name, long done, long total);
    }

    /**
     * Stores {@code in} under {@code name}, tagged with the record that will own it ({@code owner}, e.g.
     * {@code credit-model:v3}) so uploads never claimed by a record can be found and removed.
     */
    ArtifactRef put(String name, InputStream in, long expectedSize, String owner, Progress progress)
            throws IOException;

    /** The uploads {@code ids} now belong to {@code owner} (what {@link #removeOrphans} asks about). */
    void reown(List<String> ids, String owner);

    /** The uploads now belong to a recorded version or dataset: they are no longer candidates for cleanup. */
    void claim(List<String> ids);

    /** Writes the artifact to {@code target} (atomically, via a temporary file) after verifying its sha256. */
    void get(ArtifactRef ref, Path target) throws IOException;

    /** Writes every artifact into {@code directory} under its own name, each verified. */
    default void getAll(List<ArtifactRef> refs, Path directory) throws IOException {
        for (ArtifactRef ref : refs) {
            get(ref, directory.resolve(ref.name()));
        }
    }

    void delete(String id);

    /**
     * Removes uploads with an owner starting with {@code ownerPrefix} that no record claims
     * ({@code claimed.test(owner, artifactId)} is false), older than {@code minAge} or written by a process of
     * this machine that is gone: what a publish killed before it recorded its version left behind. Returns their
     * ids.
     */
    List<String> removeOrphans(String ownerPrefix, BiPredicate<String, String> claimed, Duration minAge);
}
