package io.roro.core.spec;

/** A named data set the project trains on; its versions are recorded in the lineage store. */
public record DatasetSpec(String name, String description) {
}
