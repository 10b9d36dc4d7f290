package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.Params;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainCommand.Status.class, TrainCommand.Logs.class, TrainCommand.Cancel.class, TrainCommand.Finish.class}, description = {
    "Run a task in a container of the project image, streaming its log; the training, its progress and",
    "metrics are recorded, and its output is published as a version of the task's model. Ctrl-C cancels."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK", description = "Default: the only task, or"
            + " the first one with a model.")
    String task;
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Override a parameter.")
    List<String> params = new ArrayList<>();
    @Option(names = "--dataset", description = "Dataset NAME (of the task's model) or MODEL:NAME.")
    String dataset;
    @Option(names = "--profile", description = "Resource profile (default: the task's).")
    String profile;
    @Option(names = "--pretrained", description = "MODEL:VERSION to start from (mounted at RORO_PRETRAINED_DIR).")
    String pretrained;
    @Option(names = "--no-publish", description = "Do not publish the output.")
    boolean noPublish;
    @Option(names = "--detach", description = "Start the training and return; follow it with `roro train status ID`.")
    boolean detach;
    @Mixin
    KubernetesOptions kubernetes;

    @Override
    public Integer call() {
        boolean onKubernetes = kubernetes.enabled(spec);
        try (ProjectSession session = ProjectSession.open(spec, project, json,
                !onKubernetes || kubernetes.buildsLocally());
                io.fabric8.kubernetes.client.KubernetesClient client = onKubernetes ? kubernetes.client() : null) {
            String taskName = task != null ? task : defaultTask(session.spec);
            // what would refuse the training is said before anything is built
            io.roro.core.train.TrainingRecords.check(session.lineage, session.spec, taskName,
                    Optional.ofNullable(dataset), Optional.ofNullable(profile), Optional.ofNullable(pretrained));
            TrainRequest request = new TrainRequest(session.spec, session.directory, taskName, parse(),
                    Optional.ofNullable(dataset), Optional.ofNullable(profile), Optional.ofNullable(pretrained),
                    onKubernetes ? session.build(kubernetes.projectBuilder(session, client)) : session.build(),
                    session.origin, !noPublish);
            if (onKubernetes) {
                return trainOnKubernetes(session, request, client);
            }
            if (detach) {
                TrainingHandle handle = session.platform.training().start(request, session.log);
                if (json.enabled) {
                    json.print(spec, handle);
                } else {
                    spec.commandLine().getOut().println(handle.trainingId());
                }
                return 0;
            }
            TrainResult result = session.platform.training().train(request, session.log);
            if (json.enabled) {
                json.print(spec, result);
            }
            return result.publishError().isPresent() ? 1 : 0;
        }
    }

    private int trainOnKubernetes(ProjectSession session, TrainRequest request,
            io.fabric8.kubernetes.client.KubernetesClient client) {
        var training = new io.roro.core.runtime.kubernetes.KubernetesTraining(
                new io.roro.core.runtime.kubernetes.KubernetesDeployer(client, kubernetes.namespace),
                kubernetes.settings(), session.lineage);
        String id = training.start(request, kubernetes.image(session, request.build()));
        session.log.accept("training " + id + " runs as a Job in namespace " + kubernetes.namespace);
        if (detach) {
            if (json.enabled) {
                json.print(spec, java.util.Map.of("trainingId", id));
            } else {
                spec.commandLine().getOut().println(id);
            }
            return 0;
        }
        io.roro.core.lineage.TrainingRun done;
        try {
            done = training.await(id, java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (json.enabled) {
            json.print(spec, done);
        } else {
            spec.commandLine().getOut().println(id + " " + done.state() + done.reason()
                    .map(r -> " (" + r + ")").orElse(""));
        }
        return done.state() == io.roro.core.lineage.TrainingState.FINISHED ? 0 : 1;
    }

    private java.util.Map<String, Object> parse() {
        try {
            return Params.parse(params);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String defaultTask(ProjectSpec projectSpec) {
        if (projectSpec.tasks().isEmpty()) {
            throw new ParameterException(spec.commandLine(), projectSpec.project() + " has no tasks in roro.yml");
        }
        return projectSpec.tasks().stream().filter(t -> t.model().isPresent()).findFirst()
                .orElse(projectSpec.tasks().get(0)).name();
    }


    @Command(name = "status", mixinStandardHelpOptions = true, description = {
        "Check a training started with --detach: while it runs, record and show its progress; once its container",
        "has exited, finish it (FINISHED and published, or FAILED). Exit 0 while running or finished, 1 if failed."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "PROJECT:TRAINING", description = "e.g. credit-risk:retrain-7")
        String training;
        @Mixin
        KubernetesOptions kubernetes;

        @Override
        public Integer call() {
            try (Lineage lineage = LineageAccess.open()) {
                var out = spec.commandLine().getOut();
                Optional<TrainResult> result = Optional.empty();
                if (kubernetes.targetsKubernetes(spec)) {
                    // the Job records its own success; a failed Job is recorded here, with Kubernetes' reason
                    try (var client = kubernetes.client()) {
                        kubernetes.training(client, lineage).poll(training);
                    }
                } else {
                    var operation = DockerAccess.platform(lineage).training();
                    try {
                        result = operation.poll(operation.handle(training), json.enabled ? l -> { } : out::println);
                    } catch (io.roro.core.train.TrainingException e) {
                        result = Optional.empty();
                    }
                }
                var run = lineage.store().training(training).orElseThrow(() ->
                        new io.roro.core.lineage.LineageException("no training " + training));
                java.util.Map<String, Object> status = new java.util.LinkedHashMap<>();
                status.put("training", run.id());
                status.put("state", run.state().name());
                status.put("progress", run.progress());
                status.put("metrics", run.metrics());
                run.reason().ifPresent(r -> status.put("reason", r));
                result.flatMap(TrainResult::version).map(v -> v.id())
                        .or(() -> run.modelVersions().stream().reduce((first, last) -> last))
                        .ifPresent(v -> status.put("modelVersion", v));
                result.flatMap(TrainResult::publishError).ifPresent(e -> status.put("publishError", e));
                if (json.enabled) {
                    json.print(spec, status);
                } else {
                    out.println(run.id() + " " + run.state() + " " + Math.round(run.progress() * 100) + "% "
                            + run.metrics() + run.reason().map(r -> " (" + r + ")").orElse("")
                            + (status.containsKey("modelVersion") ? " -> " + status.get("modelVersion") : ""));
                }
                return run.state() == io.roro.core.lineage.TrainingState.FAILED
                        || run.state() == io.roro.core.lineage.TrainingState.CANCELLED ? 1 : 0;
            }
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = {
        "The log of a training: the one stored in lineage when it ended, or, while it runs here, its container's."})
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PROJECT:TRAINING", description = "e.g. credit-risk:retrain-7")
        String training;

        @Override
        public Integer call() {
            try (Lineage lineage = LineageAccess.open()) {
                if (DockerAccess.platform(lineage, false).training().log(training, spec.commandLine().getOut()::println)) {
                    return 0;
                }
                var run = lineage.store().training(training).orElseThrow();
                spec.commandLine().getErr().println("roro: " + training + " (" + run.state() + ") has no stored log"
                        + (run.state().isFinal() ? "" : "; it runs elsewhere (roro train status " + training + ")"));
                return 1;
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Stop a training started with --detach"
            + " (its container is removed, the training is CANCELLED).")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "PROJECT:TRAINING")
        String training;
        @Mixin
        KubernetesOptions kubernetes;

        @Override
        public Integer call() {
            try (Lineage lineage = LineageAccess.open()) {
                String reason = "cancelled by "
                        + LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()).describe();
                if (kubernetes.targetsKubernetes(spec)) {
                    try (var client = kubernetes.client()) {
                        kubernetes.training(client, lineage).cancel(training, reason);
                    }
                } else {
                    var operation = DockerAccess.platform(lineage).training();
                    operation.cancel(operation.handle(training), reason);
                }
                var state = lineage.store().training(training).map(t -> t.state().name()).orElse("UNKNOWN");
                if (json.enabled) {
                    json.print(spec, java.util.Map.of("training", training, "state", state));
                } else {
                    spec.commandLine().getOut().println(training + " " + state);
                }
            }
            return 0;
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true, description = {
        "Record a training's end from where it ran (the last step of a Kubernetes training Job): FINISHED with the",
        "metrics in OUTPUT/metrics.json, then publish OUTPUT as a version of the task's model."})
    static final class Finish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "PROJECT:TRAINING")
        String training;
        @Option(names = "--output", required = true, paramLabel = "DIR")
        java.nio.file.Path output;
        @Option(names = "--pretrained", description = "MODEL:VERSION it was fine-tuned from.")
        String pretrained;
        @Option(names = "--no-publish")
        boolean noPublish;

        @Override
        public Integer call() {
            var metrics = io.roro.core.train.TrainingRecords.metricsFile(output);
            try (Lineage lineage = LineageAccess.open()) {
                TrainResult result = io.roro.core.train.TrainingRecords.finish(lineage, training, metrics, output,
                        Optional.ofNullable(pretrained), !noPublish,
                        LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()),
                        json.enabled ? l -> { } : spec.commandLine().getOut()::println);
                if (json.enabled) {
                    json.print(spec, result);
                }
                return result.publishError().isPresent() ? 1 : 0;
            }
        }
    }
}
