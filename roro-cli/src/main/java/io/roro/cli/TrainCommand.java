package io.roro.cli;

import io.roro.core.platform.PlatformSetting.Scope;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.PlatformException;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.TrainOperation;
import io.roro.core.contract.TrainOutcome;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingException;
import io.roro.core.train.TrainingRecords;
import io.roro.core.contract.TrainingStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainCommand.Status.class, TrainCommand.Logs.class, TrainCommand.Cancel.class, TrainCommand.Finish.class}, description = {
    "Run a task of roro.yml as a recorded training and publish its output as a model version.",
    "The task runs in a container of the project image with its log streamed here; its progress and metrics",
    "are recorded, and its output becomes a version of the task's model (a task without model: publishes",
    "nothing, and says so). Ctrl-C cancels."})
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
    @Mixin
    ParamsOption params;
    @Option(names = "--dataset", description = "Dataset NAME or NAME:VERSION (of the task's model), or MODEL:NAME[:VERSION]; without a version, its newest.")
    String dataset;
    @Option(names = "--profile", description = "Resource profile (default: the task's).")
    String profile;
    @Option(names = "--pretrained", description = "MODEL:VERSION to start from (mounted at RORO_PRETRAINED_DIR).")
    String pretrained;
    @Option(names = "--no-publish", description = "Do not publish the output.")
    boolean noPublish;
    @Option(names = "--no-serve", description = "Do not serve the new version, even if the task names a service"
            + " (serve: in roro.yml).")
    boolean noServe;
    @Option(names = "--detach", description = "Start the training and return its id; it ends, publishes and serves"
            + " (the task's serve:) by itself. See it with `roro train status ID` or `roro ps`.")
    boolean detach;
    @Mixin
    BuildOptions target;

    @Override
    public Integer call() {
        // detached, stdout is the training's id alone (ID=$(roro train --detach)), the build's lines go to stderr
        try (ProjectSession session = ProjectSession.open(spec, project, json.enabled || detach, target, Map.of(),
                true)) {
            String taskName = task != null ? task : defaultTask(session.spec);
            // what would refuse the training is said before anything is built
            var given = params.parse(spec);
            TrainingRecords.check(session.lineage(), session.spec, taskName,
                    Optional.ofNullable(dataset), Optional.ofNullable(profile), Optional.ofNullable(pretrained), given);
            BuildVersion build = session.build();
            TrainRequest request = new TrainRequest(session.spec, session.directory, taskName, given,
                    Optional.ofNullable(dataset), Optional.ofNullable(profile), Optional.ofNullable(pretrained),
                    build, session.origin, !noPublish);
            TrainOperation training = new TrainOperation(session.platform, session.lineage());
            if (detach) {
                TrainingHandle handle = training.start(request, session.log);
                // it ends, publishes and serves by itself: nobody has to ask
                DetachedFinisher.spawn(handle.trainingId(), session.directory, target.target.target,
                        ProviderOptions.typed(spec, Scope.EVERY), !noServe);
                if (json.enabled) {
                    json.print(spec, handle);
                } else {
                    spec.commandLine().getOut().println(handle.trainingId());
                }
                return 0;
            }
            TrainResult result = training.train(request, session.log);
            Optional<DeploymentEvent> served = noServe || result.version().isEmpty()
                    ? Optional.empty() : ServeAfterTraining.serve(session.spec, taskName, result.version().get(),
                            session.platform, session.lineage(), () -> build, session.origin, session.log);
            if (json.enabled) {
                TrainOutcome answer = new TrainOutcome(result.training(),
                        result.version(), result.publishError(), served);
                json.print(spec, answer);
            }
            return result.publishError().isPresent() ? 1 : 0;
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
        "Check a training started with --detach.",
        "While it runs, record and show its progress; once its container has exited, finish it (FINISHED and",
        "published, or FAILED) if nothing has yet. Exit 0 while running or finished, 1 if failed."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Mixin
        TrainingIdOption id;
        @Mixin
        TargetOptions target;
        @Option(names = "--wait", description = "Wait until the training has ended and its version is published.")
        boolean waitForEnd;
        @Option(names = "--serve", description = "With --wait: then put the version behind the task's serve:"
                + " service of -C DIR's roro.yml, as an attached `roro train` does (what a detached training's"
                + " finisher runs).")
        boolean serve;


        @Override
        public Integer call() {
            String training = id.id(spec);
            try (LazyLineage opened = new LazyLineage(); var platform = target.open(spec, opened)) {
                Lineage lineage = opened.get();
                var out = spec.commandLine().getOut();
                Optional<TrainResult> result = waitForEnd
                        ? Optional.of(FinishedTraining.await(new TrainOperation(platform, lineage), lineage, training,
                                out::println))
                        : poll(new TrainOperation(platform, lineage), training, json.enabled ? l -> { } : out::println);
                if (serve && result.isPresent() && result.get().version().isPresent()) {
                    FinishedTraining.serve(id.directory, result.get(), platform, lineage, out::println);
                }
                var run = lineage.trainings().training(training).orElseThrow(() ->
                        new LineageException("no training " + training));
                TrainingStatus status = TrainResult.status(run, result);
                if (json.enabled) {
                    json.print(spec, status);
                } else {
                    out.println(run.id() + " " + run.state() + " " + Math.round(run.progress() * 100) + "% "
                            + MetricsText.of(run.metrics()) + run.reason().map(r -> " (" + r + ")").orElse("")
                            + status.modelVersion().map(v -> " -> " + v).orElse(""));
                }
                return run.state() == TrainingState.FAILED
                        || run.state() == TrainingState.CANCELLED ? 1 : 0;
            }
        }
    }

    private static Optional<TrainResult> poll(TrainOperation operation, String training,
            Consumer<String> out) {
        try {
            return operation.poll(training, out);
        } catch (TrainingException | PlatformException e) {
            return Optional.empty(); // not started here: lineage says what it knows
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = {
        "Print the log of a training.",
        "The one stored in lineage when it ended, or, while it runs here, its container's."})
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        TrainingIdOption id;
        @Mixin
        TargetOptions target;
        @Option(names = {"-f", "--follow"}, description = "Keep printing a running training's output as it comes,"
                + " until it ends.")
        boolean follow;

        @Override
        public Integer call() {
            String training = id.id(spec);
            try (LazyLineage opened = new LazyLineage(); var platform = target.open(spec, opened)) {
                Lineage lineage = opened.get();
                TrainOperation operation = new TrainOperation(platform, lineage);
                if (follow) {
                    return FollowedLog.follow(operation, lineage, training, spec.commandLine().getOut());
                }
                if (operation.log(training, spec.commandLine().getOut()::println)) {
                    return 0;
                }
                var run = lineage.trainings().training(training).orElseThrow();
                spec.commandLine().getErr().println("roro: " + training + " (" + run.state() + ") has no stored log"
                        + (run.state().isFinal() ? "" : "; it runs elsewhere (roro train status " + training + ")"));
                return 1;
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = {"Stop a training started with --detach.",
        "Its container (or Job) is removed and the training recorded as CANCELLED."})
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Mixin
        TrainingIdOption id;
        @Mixin
        TargetOptions target;

        @Override
        public Integer call() {
            String training = id.id(spec);
            try (LazyLineage opened = new LazyLineage(); var platform = target.open(spec, opened)) {
                Lineage lineage = opened.get();
                String reason = "cancelled by "
                        + LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()).describe();
                new TrainOperation(platform, lineage).cancel(training, reason);
                var state = lineage.trainings().training(training).map(t -> t.state().name()).orElse("UNKNOWN");
                if (json.enabled) {
                    json.print(spec, Map.of("training", training, "state", state));
                } else {
                    spec.commandLine().getOut().println(training + " " + state);
                }
            }
            return 0;
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true, description = {
        "Record a training's end from where it ran, the last step of a Kubernetes training Job.",
        "FINISHED with the metrics in OUTPUT/metrics.json, then OUTPUT published as a version of the task's model."})
    static final class Finish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "PROJECT:TRAINING", description = "The training the Job ran, e.g. credit-risk:retrain-7.")
        String training;
        @Option(names = "--output", required = true, paramLabel = "DIR", description = "The training's output"
                + " directory.")
        Path output;
        @Option(names = "--pretrained", description = "MODEL:VERSION it was fine-tuned from.")
        String pretrained;
        @Option(names = "--no-publish", description = "Record the end only; publish nothing.")
        boolean noPublish;

        @Override
        public Integer call() {
            var metrics = TrainingRecords.metricsFile(output);
            try (Lineage lineage = LineageAccess.open()) {
                TrainResult result = TrainingRecords.finish(lineage, training, metrics, output,
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
