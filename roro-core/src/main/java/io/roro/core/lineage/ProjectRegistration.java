package io.roro.core.lineage;

import io.roro.core.contract.GitInfo;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.record.ProjectSchedule;
import io.roro.core.spec.ModelSpec;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.Optional;

/** Records a project and the models its roro.yml declares, so versions can be published against them. */
public final class ProjectRegistration {
    private ProjectRegistration() {
    }

    public static void register(ProjectSpec spec, Path directory, Lineage lineage, Origin origin) {
        register(spec, GitWorkTree.state(directory), lineage, origin);
    }

    /** With the git state already known (a deploy has it from its build). */
    public static void register(ProjectSpec spec, Optional<GitInfo> git, Lineage lineage, Origin origin) {
        lineage.projects().upsertProject(spec.project(), git, origin, Optional.of(spec.tasks().stream()
                .filter(t -> t.schedule().isPresent())
                .map(t -> new ProjectSchedule(t.name(), t.schedule().get(), t.serve())).toList()));
        for (ModelSpec model : spec.models()) {
            lineage.models().upsertModel(ModelRecord.of(model, Optional.of(spec.project()), origin));
        }
    }
}
