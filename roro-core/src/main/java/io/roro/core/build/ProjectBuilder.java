package io.roro.core.build;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Origin;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Turns a project directory into a recorded build version: with the local docker engine (the Docker platform) or
 * inside a cluster (the Kaniko builder of the Kubernetes target).
 */
public interface ProjectBuilder {
    BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log);

    /**
     * Starts the build of {@code projectDir} now, before lineage is needed, where this builder can (a deploy starts
     * its build first and opens lineage meanwhile); the builder returned records it when asked. By default the
     * build happens when asked.
     */
    default ProjectBuilder startedEarly(ProjectSpec spec, Path projectDir, Consumer<String> log) {
        return this;
    }

    /**
     * A build version that may still be being recorded: what uses the record (a deployment's links and record)
     * waits for {@code written}, which fails when the version cannot be recorded as it is.
     */
    record Recording(BuildVersion build, CompletableFuture<Void> written) {
    }

    /**
     * Builds, and records the new build beside what follows (a deploy starts its services meanwhile) where this
     * builder can; by default the build is recorded before this returns.
     */
    default Recording buildRecordedBeside(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
        return new Recording(build(spec, projectDir, origin, log), CompletableFuture.completedFuture(null));
    }
}
