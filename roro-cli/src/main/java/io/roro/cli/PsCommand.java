package io.roro.cli;

import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.TrainingRun;
import io.roro.core.runtime.DockerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    @Option(names = "--namespace", defaultValue = "${env:RORO_NAMESPACE:-default}", description = "Where the"
            + " project's Kubernetes deployments are, for READY (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        try (Lineage lineage = LineageAccess.open()) {
            List<Deployment> services = lineage.deployments().deployments(Optional.of(name));
            List<TrainingRun> trainings = new ArrayList<>(lineage.store().trainings(name));
            if (!all && trainings.size() > 10) {
                trainings = trainings.subList(0, 10);
            }
            Optional<Map<String, Integer>> running = runningOnDocker(lineage, name, services);
            Map<String, Integer> readyOnCluster = readyOnKubernetes(name, services);
            if (json.enabled) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("services", services);
                running.ifPresent(r -> answer.put("running", r));
                if (!readyOnCluster.isEmpty()) {
                    answer.put("ready", readyOnCluster);
                }
                answer.put("trainings", trainings);
                json.print(spec, answer);
                return 0;
            }
            var out = spec.commandLine().getOut();
            Table table = new Table("SERVICE", "STATE", "MODEL VERSION", "READY", "ENDPOINT", "UPDATED");
            services.forEach(d -> table.row(d.service(), d.state(), d.modelVersion().orElse("-"),
                    ready(d, running, readyOnCluster), d.endpoint().orElse("-"), d.updatedAt()));
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

    /**
     * The backends running on this machine's engine for the project's Docker deployments: lineage says what was
     * deployed, this says whether it still runs. Empty when there is nothing on Docker or no engine answers.
     */
    private static Optional<Map<String, Integer>> runningOnDocker(Lineage lineage, String project,
            List<Deployment> services) {
        if (services.stream().noneMatch(d -> d.target().equals("docker"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(DockerAccess.platform(lineage, false).serving().runningBackends(project));
        } catch (DockerException e) {
            return Optional.empty();
        }
    }

    /**
     * Ready pods of the project's Kubernetes deployments, asked of kubeconfig's cluster with short timeouts; empty
     * when there are none or the cluster does not answer.
     */
    private Map<String, Integer> readyOnKubernetes(String project, List<Deployment> services) {
        List<Deployment> onCluster = services.stream().filter(d -> d.target().equals("kubernetes")).toList();
        Map<String, Integer> ready = new LinkedHashMap<>();
        if (onCluster.isEmpty()) {
            return ready;
        }
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(null);
        config.setConnectionTimeout(2_000);
        config.setRequestTimeout(5_000);
        config.setRequestRetryBackoffLimit(0);
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
            var deployer = new io.roro.core.runtime.kubernetes.KubernetesDeployer(client, namespace);
            for (Deployment d : onCluster) {
                deployer.readyReplicas(project, d.service()).ifPresent(n -> ready.put(d.service(), n));
            }
        } catch (RuntimeException e) {
            ready.clear(); // no answer: READY says "?"
        }
        return ready;
    }

    /** READY as kubectl shows it, {@code running/wanted}; "?" where this machine cannot tell. */
    private static String ready(Deployment d, Optional<Map<String, Integer>> running,
            Map<String, Integer> readyOnCluster) {
        if (d.target().equals("kubernetes") && readyOnCluster.containsKey(d.service())) {
            return readyOnCluster.get(d.service()) + "/" + d.replicas();
        }
        if (!d.target().equals("docker") || running.isEmpty()) {
            return "?/" + d.replicas();
        }
        return running.get().getOrDefault(d.service(), 0) + "/" + d.replicas();
    }
}
