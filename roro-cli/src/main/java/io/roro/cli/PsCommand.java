package io.roro.cli;

import io.roro.core.Futures;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.Platform;
import io.roro.core.serve.ServeOperation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "Services and trainings of the project.")
final class PsCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(PsCommand.class.getName());

    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Option(names = {"-a", "--all"}, description = "Also finished trainings (default: the last 10).")
    boolean all;
    @Option(names = "--namespace", defaultValue = "default", description = "Where the"
            + " project's Kubernetes deployments are, for READY (default: $RORO_NAMESPACE, else default).")
    String namespace;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        Executor reads = Futures.background();
        try (LazyLineage lineage = new LazyLineage()) {
            // independent reads, two of them docker processes, at once: ps takes the longest of them. Lineage opens
            // (a connection to the store: most of a lookup's time) in a read thread while this one asks the engine.
            CompletableFuture<List<Deployment>> read = CompletableFuture
                    .supplyAsync(() -> lineage.get().deployments().deployments(Optional.of(name)), reads);
            CompletableFuture<List<TrainingRun>> newest = CompletableFuture
                    .supplyAsync(() -> lineage.get().trainings().trainings(name, Optional.empty(),
                            all ? Integer.MAX_VALUE : 10), reads);
            CompletableFuture<List<NotebookRuntime.Session>> listed =
                    CompletableFuture.supplyAsync(() -> notebooks(lineage, name), reads);
            CompletableFuture<DiskUse> disk = CompletableFuture.supplyAsync(() -> DiskUse.of(LineageAccess.home()),
                    reads);
            Map<String, Map<String, Integer>> ready = ready(lineage, name, read);
            List<Deployment> services = Futures.join(read);
            List<TrainingRun> trainings = Futures.join(newest);
            List<NotebookRuntime.Session> notebooks = Futures.join(listed);
            if (json.enabled) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("services", services);
                // what runs now, by service (a service is deployed to one target at a time)
                Map<String, Integer> running = new TreeMap<>();
                ready.values().forEach(running::putAll);
                if (!running.isEmpty()) {
                    answer.put("running", running);
                }
                answer.put("trainings", trainings);
                if (!notebooks.isEmpty()) {
                    answer.put("notebooks", notebooks);
                }
                answer.put("disk", Futures.join(disk));
                json.print(spec, answer);
                return 0;
            }
            var out = spec.commandLine().getOut();
            Table table = new Table("SERVICE", "STATE", "MODEL VERSION", "READY", "ENDPOINT", "UPDATED");
            services.forEach(d -> {
                // a canary or shadow gets its own line under the live version, each with its share of the requests
                var candidate = d.candidate().filter(c -> d.isLive());
                String share = candidate.map(c -> c.mode() == Candidate.Mode.CANARY
                        ? " (" + c.liveShare() + "%)" : " (100%)").orElse("");
                table.row(d.service(), d.state(), d.modelVersion().orElse("-") + share, ready(d, ready),
                        d.endpoint().orElse("-"), Times.show(d.updatedAt()));
                candidate.ifPresent(c -> table.row(d.service(), c.mode(), c.modelVersion().orElse("build "
                        + c.buildVersion().orElse("?")) + (c.mode() == Candidate.Mode.CANARY
                                ? " (" + c.share() + "%)" : " (copies)"), "", "", ""));
            });
            table.print(out);
            out.println();
            Table runs = new Table("TRAINING", "STATE", "PROGRESS", "METRICS", "STARTED", "REASON");
            trainings.forEach(t -> runs.row(t.name(), t.state(), Math.round(t.progress() * 100) + "%",
                    t.metrics().isEmpty() ? "-" : MetricsText.of(t.metrics()), Times.show(t.startedAt()),
                    t.reason().orElse("")));
            runs.print(out);
            if (!notebooks.isEmpty()) {
                out.println();
                Table open = new Table("NOTEBOOK", "URL");
                notebooks.forEach(n -> open.row(n.container(), n.url()));
                open.print(out);
            }
            out.println();
            out.println(Futures.join(disk).line());
        }
        return 0;
    }

    /** The project's notebook servers on this machine's engine; none where it cannot tell. */
    private List<NotebookRuntime.Session> notebooks(LazyLineage lineage, String project) {
        try (Platform platform = TargetOptions.openQuick(spec, "docker", Map.of(), lineage)) {
            return platform.notebooks().sessions(project);
        } catch (RuntimeException e) {
            return List.of(); // no engine here: nothing to show
        }
    }

    /**
     * What runs now on the platforms the project's services were deployed to, by target then service: lineage says
     * what was deployed, this says whether it still runs. A target that cannot tell (no engine, no cluster
     * answering in a few seconds) is left out.
     */
    private Map<String, Map<String, Integer>> ready(LazyLineage lineage, String project,
            CompletableFuture<List<Deployment>> read) {
        Map<String, Map<String, Integer>> ready = new LinkedHashMap<>();
        // this machine's engine is asked while lineage opens and is read (where most services run); others after
        try (Platform docker = TargetOptions.openQuick(spec, "docker", Map.of(), lineage)) {
            ready.put("docker", docker.services().ready(project, () -> Futures.join(read).stream()
                    .filter(d -> d.target().equals(docker.name())).toList(), spec.commandLine().getErr()::println));
        } catch (RuntimeException e) {
            // no engine here: READY says "?"
            LOG.log(Level.FINE, "no Docker engine answers: READY unknown", e);
        }
        List<Deployment> services = Futures.join(read);
        for (String target : services.stream().map(Deployment::target).distinct()
                .filter(t -> !t.equals("docker")).toList()) {
            try (Platform platform = TargetOptions.openQuick(spec, target, Map.of("namespace", namespace),
                    lineage)) {
                ready.put(target, new ServeOperation(platform, lineage.get()).ready(project, services,
                        spec.commandLine().getErr()::println));
            } catch (RuntimeException e) {
                // a target this roro does not know or cannot reach: READY says "?"
                LOG.log(Level.FINE, "target " + target + " cannot tell what runs: READY unknown", e);
            }
        }
        return ready;
    }

    /** READY as kubectl shows it, {@code running/wanted}; "?" where this machine cannot tell. */
    private static String ready(Deployment d, Map<String, Map<String, Integer>> ready) {
        Integer running = ready.getOrDefault(d.target(), Map.of()).get(d.service());
        return (running == null ? "?" : running) + "/" + d.replicas();
    }
}
