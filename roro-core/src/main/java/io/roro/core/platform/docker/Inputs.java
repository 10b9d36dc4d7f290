package io.roro.core.platform.docker;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.StoredFile;
import io.roro.core.platform.PlatformException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** A dataset's or model version's files fetched for a container (sha256-checked by the artifact store). */
final class Inputs {
    private Inputs() {
    }

    /** @param forWhat whose inputs, for the error ("the training's", "the notebook's") */
    static void fetch(Supplier<ArtifactStore> artifacts, List<StoredFile> files, Path dir, String forWhat) {
        try {
            artifacts.get().getAll(files.stream().map(ArtifactRef::of).toList(), dir);
        } catch (IOException e) {
            throw new PlatformException("cannot fetch " + forWhat + " inputs: " + e.getMessage(), e);
        }
    }
}
