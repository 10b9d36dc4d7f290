package io.roro.core.lineage;

import io.roro.core.spec.ModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/** A model as registered: its name, owning project and the file template every version must satisfy. */
public record ModelRecord(String name, Optional<String> project, String description, List<ModelSpec.ModelFile> files,
        boolean archived, Instant createdAt, Origin origin) {

    public ModelRecord {
        createdAt = Docs.millis(createdAt);
        files = List.copyOf(files);
    }

    public static ModelRecord of(ModelSpec spec, Optional<String> project, Origin origin) {
        return new ModelRecord(spec.name(), project, spec.description(), spec.files(), false, Instant.now(), origin);
    }

    public ModelSpec spec() {
        return new ModelSpec(name, description, files);
    }

    public Document toDocument() {
        Document d = Docs.base(name, createdAt, origin).append("name", name).append("description", description)
                .append("files", files.stream().map(f -> new Document("name", f.name())
                        .append("required", f.required()).append("max_mb", f.maxMb())).toList())
                .append("archived", archived);
        Docs.put(d, "project", project);
        return d;
    }

    public static ModelRecord from(Document d) {
        List<ModelSpec.ModelFile> files = Docs.documents(d, "files").stream()
                .map(f -> new ModelSpec.ModelFile(f.getString("name"), f.getBoolean("required", true),
                        f.getInteger("max_mb", 0)))
                .toList();
        return new ModelRecord(d.getString("name"), Docs.string(d, "project"), d.getString("description"), files,
                d.getBoolean("archived", false), Docs.instant(d, "created_at"), Docs.origin(d));
    }
}
