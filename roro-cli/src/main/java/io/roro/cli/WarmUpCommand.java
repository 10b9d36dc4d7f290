package io.roro.cli;

import io.roro.core.TemporaryDirectory;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.kubernetes.AgentPodTemplate;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Loads the classes a typical command needs (spec, lineage store, queries, JSON, Kubernetes model), so the
 * launcher can record them in a class-data-sharing archive once, in the background, for faster start-ups.
 */
@Command(name = "warm-up", hidden = true, description = "Load roro's classes (for the start-up archive).")
final class WarmUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ProjectSpec project = ProjectSpecReader.parse("""
                project: warm-up
                services: [{name: default, function: predict.predict, model: m}]
                tasks: [{name: t, command: x, model: m, when: every day at 10:00}]
                models: [m]
                profiles: {p: {requests: {cpu: 1, memory: 1Gi}, gpu: 1}}
                """, "roro.yml");
        try (TemporaryDirectory home = TemporaryDirectory.create("roro-warm-up-");
                Lineage lineage = Lineage.open(LineageConfig.embedded(home.path().resolve("lineage.mv")))) {
            ProjectRegistration.register(project, home.path(), lineage,
                    LineageAccess.origin(List.of("warm-up")));
            lineage.models().versions(Optional.empty(), new Document(), false, Optional.empty(), 1);
            lineage.deployments().deployments(Optional.empty());
            JsonOption.MAPPER.writeValueAsString(Map.of("models", lineage.models().models()));
        }
        AgentPodTemplate.yaml(project.profile("p"), "x", "y");
        RoroCommand.commandLine(); // every command's classes: a command run later builds only its own

        new Table("A").row("b").print(new PrintWriter(Writer.nullWriter()));
        return 0;
    }
}
