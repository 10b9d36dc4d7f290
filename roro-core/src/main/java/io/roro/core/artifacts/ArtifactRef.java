package io.roro.core.artifacts;

import io.roro.core.contract.StoredFile;

/** Stored bytes: where ({@code id} in the store), how many, and their sha256 (hex), checked on every read. */
public record ArtifactRef(String id, String name, long size, String sha256) {
    /** Where to read a version's or dataset's file, with what to check it against. */
    public static ArtifactRef of(StoredFile file) {
        return new ArtifactRef(file.artifactId(), file.name(), file.size(), file.sha256());
    }
}
