package io.roro.core.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * A concrete, immutable data set a model was trained on (Noronha's dataset): named per model, with its files'
 * hashes. New data means a new name, so "which versions came from this data" always has one answer.
 */
public record Dataset(String model, String name, List<StoredFile> files, Map<String, Object> details,
        boolean archived, Instant createdAt, Origin origin) {

    public Dataset {
        createdAt = Docs.millis(createdAt);
        files = List.copyOf(files);
        details = Docs.copy(details);
    }

    public String id() {
        return LineageIds.dataset(model, name);
    }

    public Document toDocument() {
        return Docs.base(id(), createdAt, origin).append("model", model).append("name", name)
                .append("files", files.stream().map(StoredFile::toDocument).toList())
                .append("details", Docs.document(details)).append("archived", archived);
    }

    public static Dataset from(Document d) {
        return new Dataset(d.getString("model"), d.getString("name"),
                Docs.documents(d, "files").stream().map(StoredFile::from).toList(), Docs.map(d, "details"),
                d.getBoolean("archived", false), Docs.instant(d, "created_at"), Docs.origin(d));
    }
}
