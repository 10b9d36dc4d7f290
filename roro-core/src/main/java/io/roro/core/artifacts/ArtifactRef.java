package io.roro.core.artifacts;

/** Stored bytes: where ({@code id} in the store), how many, and their sha256 (hex), checked on every read. */
public record ArtifactRef(String id, String name, long size, String sha256) {
}
