package io.roro.core.contract;

/**
 * A model version is PUBLISHED when its document exists; ARCHIVED hides it from lists but keeps lineage whole;
 * PURGED is archived with its files deleted from the store to free their space (the record, with each file's
 * name, size and sha256, stays).
 */
public enum VersionState {
    PUBLISHED, ARCHIVED, PURGED;

    /** Whether a version in this state may be served, fetched or trained from (only a published one). */
    public boolean usable() {
        return this == PUBLISHED;
    }
}
