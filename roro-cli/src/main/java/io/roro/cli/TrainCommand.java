package io.roro.cli;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.Params;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
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

@Command(name = "train", mixinStandardHelpOptions = true, description = {
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

    @Override
    public Integer call() {
        ProjectSpec projectSpec = project.spec(spec);
        String taskName = task != null ? task : defaultTask(projectSpec);
        Origin origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        var out = spec.commandLine().getOut();
        try (Lineage lineage = LineageAccess.open()) {
            var platform = DockerAccess.platform(lineage);
            ProjectRegistration.register(projectSpec, project.directory(), lineage.store(), origin);
            BuildVersion build = platform.builder().build(projectSpec, project.directory(), origin, out::println);
            TrainResult result = platform.training().train(new TrainRequest(projectSpec, project.directory(),
                    taskName, parse(), Optional.ofNullable(dataset), Optional.ofNullable(profile),
                    Optional.ofNullable(pretrained), build, origin, !noPublish), json.enabled ? l -> { } : out::println);
            if (json.enabled) {
                json.print(spec, result);
            }
            return result.publishError().isPresent() ? 1 : 0;
        }
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

}
