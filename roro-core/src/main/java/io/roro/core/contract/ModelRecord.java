package io.roro.core.contract;

import io.roro.core.spec.ModelSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A model as registered: its name, owning project and the file template every version must satisfy. */
public record ModelRecord(String name, Optional<String> project, String description, List<ModelSpec.ModelFile> files,
        boolean archived, Instant createdAt, Origin origin) {

    public ModelRecord {
        createdAt = RecordValues.millis(createdAt);
        files = List.copyOf(files);
    }

    public static ModelRecord of(ModelSpec spec, Optional<String> project, Origin origin) {
        return new ModelRecord(spec.name(), project, spec.description(), spec.files(), false, Instant.now(), origin);
    }

    public ModelSpec spec() {
        return new ModelSpec(name, description, files);
    }
}
