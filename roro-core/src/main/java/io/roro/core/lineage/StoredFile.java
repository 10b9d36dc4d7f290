package io.roro.core.lineage;

import io.roro.core.artifacts.ArtifactRef;
import org.bson.Document;

/** A file of a model version or dataset: its name inside the version, size, sha256 and where the bytes are. */
public record StoredFile(String name, long size, String sha256, String artifactId) {
    /** Where to read the bytes, with what to check them against. */
    public ArtifactRef ref() {
        return new ArtifactRef(artifactId, name, size, sha256);
    }

    public Document toDocument() {
        return new Document("name", name).append("size", size).append("sha256", sha256)
                .append("artifact", artifactId);
    }

    public static StoredFile from(Document d) {
        return new StoredFile(d.getString("name"), ((Number) d.get("size")).longValue(), d.getString("sha256"),
                d.getString("artifact"));
    }
}
