package io.roro.core.build;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Origin;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Turns a project directory into a recorded build version: with the local docker engine ({@link ImageBuilder}) or
 * inside a cluster (the Kaniko builder of the Kubernetes target).
 */
public interface ProjectBuilder {
    BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log);
}
