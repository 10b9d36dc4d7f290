package io.roro.core.lineage.store;

import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.VersionState;
import io.roro.core.contract.ModelAlias;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.VersionNotes;
import io.roro.core.spec.ModelSpec;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;

/** The model aggregate as documents: a model, its versions and their files, its aliases, a version's notes. */
public final class ModelDocuments {
    private ModelDocuments() {
    }

    public static Document of(ModelVersion v) {
        Document d = Docs.base(v.id(), v.createdAt(), v.origin()).append("model", v.model())
                .append("version", v.version())
                .append("files", v.files().stream().map(ModelDocuments::of).toList())
                .append("metrics", Docs.document(v.metrics())).append("details", Docs.document(v.details()))
                .append("snapshot", Docs.document(v.snapshot())).append("state", v.state().name());
        Docs.put(d, "training", v.training());
        Docs.put(d, "dataset", v.dataset());
        Docs.put(d, "build_version", v.buildVersion());
        Docs.put(d, "pretrained", v.pretrained());
        return d;
    }

    public static ModelVersion modelVersion(Document d) {
        return new ModelVersion(d.getString("model"), d.getString("version"), Docs.string(d, "training"),
                Docs.string(d, "dataset"), Docs.string(d, "build_version"), Docs.string(d, "pretrained"),
                files(d), Docs.map(d, "metrics"), Docs.map(d, "details"), Docs.map(d, "snapshot"),
                VersionState.valueOf(d.getString("state")), Docs.instant(d, "created_at"), Docs.origin(d));
    }

    static Document of(StoredFile f) {
        return new Document("name", f.name()).append("size", f.size()).append("sha256", f.sha256())
                .append("artifact", f.artifactId());
    }

    /** The document's {@code files} (a version's or a dataset's). */
    static List<StoredFile> files(Document d) {
        return Docs.documents(d, "files").stream().map(ModelDocuments::file).toList();
    }

    static StoredFile file(Document f) {
        return new StoredFile(f.getString("name"), ((Number) f.get("size")).longValue(), f.getString("sha256"),
                f.getString("artifact"));
    }

    static Document of(ModelRecord m) {
        Document d = Docs.base(m.name(), m.createdAt(), m.origin()).append("name", m.name())
                .append("description", m.description())
                .append("files", m.files().stream().map(f -> new Document("name", f.name())
                        .append("required", f.required()).append("max_mb", f.maxMb())).toList())
                .append("archived", m.archived());
        Docs.put(d, "project", m.project());
        return d;
    }

    static ModelRecord model(Document d) {
        List<ModelSpec.ModelFile> files = Docs.documents(d, "files").stream()
                .map(f -> new ModelSpec.ModelFile(f.getString("name"), f.getBoolean("required", true),
                        f.getInteger("max_mb", 0)))
                .toList();
        return new ModelRecord(d.getString("name"), Docs.string(d, "project"), d.getString("description"), files,
                d.getBoolean("archived", false), Docs.instant(d, "created_at"), Docs.origin(d));
    }

    static Document of(ModelAlias.Move move) {
        return new Document("version", move.version().orElse(null)).append("at", Date.from(move.at()))
                .append("origin", Docs.of(move.origin()));
    }

    static ModelAlias alias(Document d) {
        return new ModelAlias(d.getString("model"), d.getString("alias"), Optional.ofNullable(d.getString("version")),
                d.getList("history", Document.class, List.of()).stream().map(m -> new ModelAlias.Move(
                        Optional.ofNullable(m.getString("version")), m.getDate("at").toInstant(),
                        Docs.readOrigin(m.get("origin", Document.class)))).toList());
    }

    static VersionNotes notes(Document d) {
        Map<String, String> tags = new TreeMap<>();
        Document stored = d.get("tags", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> tags.put(k, String.valueOf(v)));
        }
        return new VersionNotes(d.getString("_id"), tags, Optional.ofNullable(d.getString("description")),
                Optional.ofNullable(d.getDate("changed_at")).map(Date::toInstant),
                Optional.ofNullable(d.get("changed_by", Document.class)).map(Docs::readOrigin));
    }
}
