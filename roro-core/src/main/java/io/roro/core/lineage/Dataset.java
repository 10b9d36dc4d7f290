package io.roro.core.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * One version of a data set a model is trained on (Noronha's dataset): named per model, numbered {@code v1},
 * {@code v2}, ... as new data arrives, with its files' hashes. A version never changes, so "which model versions
 * came from this data" always has one answer, and a nightly retrain on new data reads a new version.
 */
public record Dataset(String model, String name, String version, List<StoredFile> files, Map<String, Object> details,
        boolean archived, Instant createdAt, Origin origin) {

    public Dataset {
        createdAt = Docs.millis(createdAt);
        files = List.copyOf(files);
        details = Docs.copy(details);
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

    public Document toDocument() {
        return Docs.base(id(), createdAt, origin).append("model", model).append("name", name)
                .append("version", version)
                .append("files", files.stream().map(StoredFile::toDocument).toList())
                .append("details", Docs.document(details)).append("archived", archived);
    }

    public static Dataset from(Document d) {
        return new Dataset(d.getString("model"), d.getString("name"), d.getString("version"),
                Docs.documents(d, "files").stream().map(StoredFile::from).toList(), Docs.map(d, "details"),
                d.getBoolean("archived", false), Docs.instant(d, "created_at"), Docs.origin(d));
    }
}
