package io.roro.core.lineage;

/** A model version is PUBLISHED when its document exists; ARCHIVED hides it from lists but keeps lineage whole. */
public enum VersionState {
    PUBLISHED, ARCHIVED
}
