package io.roro.core.contract;

/** A file of a model version or dataset: its name inside the version, size, sha256 and where the bytes are. */
public record StoredFile(String name, long size, String sha256, String artifactId) {
}
