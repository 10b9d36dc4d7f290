package io.roro.core.lineage;

import io.roro.core.spec.ModelSpec;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.Optional;

/** Records a project and the models its roro.yml declares, so versions can be published against them. */
public final class ProjectRegistration {
    private ProjectRegistration() {
    }

    public static void register(ProjectSpec spec, Path directory, LineageStore store, Origin origin) {
        store.upsertProject(spec.project(), GitInfo.of(directory), origin);
        for (ModelSpec model : spec.models()) {
            store.upsertModel(ModelRecord.of(model, Optional.of(spec.project()), origin));
        }
    }
}
