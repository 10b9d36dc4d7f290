package io.roro.cli;

import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.TrainingRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "Services and trainings of the project.")
final class PsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Option(names = {"-a", "--all"}, description = "Also finished trainings (default: the last 10).")
    boolean all;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        try (Lineage lineage = LineageAccess.open()) {
            List<Deployment> services = lineage.deployments().deployments(Optional.of(name));
            List<TrainingRun> trainings = new ArrayList<>(lineage.store().trainings(name));
            if (!all && trainings.size() > 10) {
                trainings = trainings.subList(0, 10);
            }
            if (json.enabled) {
                json.print(spec, java.util.Map.of("services", services, "trainings", trainings));
                return 0;
            }
            var out = spec.commandLine().getOut();
            Table table = new Table("SERVICE", "STATE", "MODEL VERSION", "REPLICAS", "ENDPOINT", "UPDATED");
            services.forEach(d -> table.row(d.service(), d.state(), d.modelVersion().orElse("-"), d.replicas(),
                    d.endpoint().orElse("-"), d.updatedAt()));
            table.print(out);
            out.println();
            Table runs = new Table("TRAINING", "STATE", "PROGRESS", "METRICS", "STARTED", "REASON");
            trainings.forEach(t -> runs.row(t.name(), t.state(), Math.round(t.progress() * 100) + "%",
                    t.metrics().isEmpty() ? "-" : t.metrics(), t.startedAt().map(Object::toString).orElse("-"),
                    t.reason().orElse("")));
            runs.print(out);
        }
        return 0;
    }
}
