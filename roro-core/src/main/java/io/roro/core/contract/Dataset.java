package io.roro.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a data set a model is trained on (Noronha's dataset): named per model, numbered {@code v1},
 * {@code v2}, ... as new data arrives, with its files' hashes. A version never changes, so "which model versions
 * came from this data" always has one answer, and a nightly retrain on new data reads a new version.
 */
public record Dataset(String model, String name, String version, List<StoredFile> files, Map<String, Object> details,
        boolean archived, Instant createdAt, Origin origin) {

    public Dataset {
        createdAt = RecordValues.millis(createdAt);
        files = List.copyOf(files);
        details = RecordValues.copy(details);
    }

    public String id() {
        return LineageIds.datasetVersion(model, name, version);
    }

    /** The same data as another version: the same file names with the same contents. */
    public boolean sameFiles(List<StoredFile> other) {
        return key(files).equals(key(other));
    }

    private static List<String> key(List<StoredFile> files) {
        return files.stream().map(f -> f.name() + "=" + f.sha256()).sorted().toList();
    }

    /** This data as version {@code v} of its name. */
    public Dataset asVersion(String v) {
        return new Dataset(model, name, v, files, details, archived, createdAt, origin);
    }

    /** The bytes of all its files (as {@link ModelVersion#bytes()}). */
    public long bytes() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }
}
