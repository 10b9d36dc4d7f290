package io.roro.cli;

import io.roro.core.deploy.DockerPlatform;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.spec.ProjectSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the project commands (deploy, train, serve, rollback) share: the validated roro.yml, the origin, lineage,
 * the Docker target with the project registered, and a log that goes to stderr when stdout carries --json.
 */
final class ProjectSession implements AutoCloseable {
    final ProjectSpec spec;
    final Path directory;
    final Origin origin;
    final Lineage lineage;
    final DockerPlatform platform;
    final Consumer<String> log;

    private ProjectSession(ProjectSpec spec, Path directory, Origin origin, Lineage lineage, DockerPlatform platform,
            Consumer<String> log) {
        this.spec = spec;
        this.directory = directory;
        this.origin = origin;
        this.lineage = lineage;
        this.platform = platform;
        this.log = log;
    }

    static ProjectSession open(CommandSpec command, ProjectOption project, JsonOption json) {
        return open(command, project, json, true);
    }

    /** @param needsDocker false when nothing is built or run by this machine's engine (a cluster build) */
    static ProjectSession open(CommandSpec command, ProjectOption project, JsonOption json, boolean needsDocker) {
        return open(command, project, json, needsDocker, true);
    }

    /** @param register false for a deploy, which registers the project itself once its build has read git */
    static ProjectSession open(CommandSpec command, ProjectOption project, JsonOption json, boolean needsDocker,
            boolean register) {
        ProjectSpec spec = project.spec(command);
        Origin origin = LineageAccess.origin(command.commandLine().getParseResult().originalArgs());
        PrintWriter logTo = json.enabled ? command.commandLine().getErr() : command.commandLine().getOut();
        Lineage lineage = LineageAccess.open();
        try {
            DockerPlatform platform = DockerAccess.platform(lineage, needsDocker);
            if (register) {
                ProjectRegistration.register(spec, project.directory(), lineage.store(), origin);
            }
            return new ProjectSession(spec, project.directory(), origin, lineage, platform, logTo::println);
        } catch (RuntimeException e) {
            lineage.close();
            throw e;
        }
    }

    /** The project image for the current tree (reused when unchanged). */
    BuildVersion build() {
        return build(platform.builder());
    }

    BuildVersion build(io.roro.core.build.ProjectBuilder builder) {
        return builder.build(spec, directory, origin, log);
    }

    @Override
    public void close() {
        lineage.close();
    }
}
