package io.roro.core.platform;

import io.roro.core.build.ProjectBuilder;

/**
 * Where a project's images are built and its trainings and services run: this machine's Docker engine, a
 * Kubernetes cluster, or any other target. The operations (deploy, train, serve, rollback, stop, status) are
 * written once against this interface and lineage; a platform owns everything about its target and records
 * nothing in lineage itself. A platform is opened by its {@link PlatformProvider} and closed by whoever opened it.
 */
public interface Platform extends AutoCloseable {
    /** The target's name as lineage records it on deployments ({@code docker}, {@code kubernetes}). */
    String name();

    /** Builds the project image the way this platform runs it. */
    ProjectBuilder builder();

    /** Trainings: start, follow, poll, cancel, live logs. */
    TrainingRuntime trainings();

    /** Services: prepare, roll out, stop, live status, logs. */
    ServiceRuntime services();

    /** Notebook servers in the project image; a target without them says so. */
    default NotebookRuntime notebooks() {
        throw new PlatformException("roro notebook runs on the docker target (not yet on " + name() + ")");
    }

    /** Where the project's config vars are kept on this target. */
    ConfigVarStore configVars(String project);

    /**
     * What this platform keeps on this machine and what of it is no longer needed; removed when {@code remove} is
     * set. A target that keeps nothing here says so.
     */
    default LocalSpace localSpace(boolean remove) {
        throw new PlatformException("the " + name() + " target keeps no model copies or work directories on this"
                + " machine: nothing to collect");
    }

    @Override
    default void close() {
    }
}
