package io.roro.core.spec;

import java.util.List;

/** A model of the project: the template its versions must satisfy (Noronha's "model"), not a version itself. */
public record ModelSpec(String name, String description, List<ModelFile> files) {
    public ModelSpec {
        files = List.copyOf(files);
    }

    /**
     * A file every version of the model carries.
     *
     * @param maxMb 0 for no limit
     */
    public record ModelFile(String name, boolean required, int maxMb) {
    }
}
