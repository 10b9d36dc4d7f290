package io.roro.cli;

import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.Platform;
import io.roro.core.spec.ProjectSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the project commands (deploy, train, serve, rollback) share: the validated roro.yml, the origin, the
 * platform chosen by --target, lineage (opened when first needed, with the project registered), and a log that
 * goes to stderr when stdout carries --json.
 */
final class ProjectSession implements AutoCloseable {
    final ProjectSpec spec;
    final Path directory;
    final Origin origin;
    final Platform platform;
    final Consumer<String> log;
    private final LazyLineage lineage;

    private ProjectSession(ProjectSpec spec, Path directory, Origin origin, Platform platform, LazyLineage lineage,
            Consumer<String> log) {
        this.spec = spec;
        this.directory = directory;
        this.origin = origin;
        this.platform = platform;
        this.lineage = lineage;
        this.log = log;
    }

    static ProjectSession open(CommandSpec command, ProjectOption project, JsonOption json, BuildOptions target) {
        return open(command, project, json, target, Map.of(), true);
    }

    /**
     * @param settings more settings for the platform (a rollout timeout)
     * @param register false for a deploy, which registers the project itself once its build has read git
     */
    static ProjectSession open(CommandSpec command, ProjectOption project, JsonOption json, BuildOptions target,
            Map<String, String> settings, boolean register) {
        return open(command, project, json.enabled, target, settings, register);
    }

    /** @param logsToErr progress lines on stderr: stdout holds only the answer (JSON, an id to capture) */
    static ProjectSession open(CommandSpec command, ProjectOption project, boolean logsToErr, BuildOptions target,
            Map<String, String> settings, boolean register) {
        ProjectSpec spec = project.spec(command);
        Origin origin = LineageAccess.origin(command.commandLine().getParseResult().originalArgs());
        PrintWriter logTo = logsToErr ? command.commandLine().getErr() : command.commandLine().getOut();
        LazyLineage lineage = new LazyLineage(opened -> {
            if (register) {
                ProjectRegistration.register(spec, project.directory(), opened, origin);
            }
        });
        Platform platform = target.open(command, lineage, settings);
        return new ProjectSession(spec, project.directory(), origin, platform, lineage, logTo::println);
    }

    Lineage lineage() {
        return lineage.get();
    }

    /** The project image for the current tree (reused when unchanged). */
    BuildVersion build() {
        return build(platform.builder());
    }

    BuildVersion build(ProjectBuilder builder) {
        return builder.build(spec, directory, origin, log);
    }

    @Override
    public void close() {
        try {
            platform.close();
        } finally {
            lineage.close();
        }
    }
}
