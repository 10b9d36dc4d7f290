package io.roro.cli;

import io.roro.core.lineage.TrainingRun;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.TaskSpec;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roro run -- COMMAND...}: rorodata's one-off command on the platform, as a training without a task of
 * roro.yml: the project image, a profile's resources, a dataset, config vars, the log streamed, the exit code
 * passed through, and a record in lineage (task {@value #TASK}) so that "what ran on this data" includes it.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
    "Run a one-off command in a container of the project image, recorded in lineage.",
    "With a profile's resources (GPUs included), a dataset at RORO_DATA_DIR, a model version's files at",
    "RORO_MODEL_DIR and the config vars; its log is streamed and its exit code is roro's. Files it writes to",
    "RORO_OUTPUT_DIR become a version of --publish MODEL, linked to the run as a training's are."})
final class RunCommand implements Callable<Integer> {
    /** The task name runs are recorded under (a project's own task may not have it). */
    static final String TASK = "run";
    private static final Pattern EXIT = Pattern.compile("^exit code (\\d+)");

    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    BuildOptions target;
    @Mixin
    InputsOptions inputs;
    @Option(names = "--publish", paramLabel = "MODEL", description = "Publish RORO_OUTPUT_DIR as a version of this"
            + " model of roro.yml when the command succeeds.")
    String publish;
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter (RORO_PARAMS_FILE),"
            + " recorded with the run.")
    List<String> params = new ArrayList<>();
    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() {
        ProjectSpec declared = project.spec(spec);
        if (declared.task(TASK).isPresent()) {
            throw new ParameterException(spec.commandLine(), "roro run records its runs as task '" + TASK + "', and "
                    + declared.project() + " has a task of that name: rename it in roro.yml to use roro run");
        }
        if (publish != null && declared.models().stream().noneMatch(m -> m.name().equals(publish))) {
            throw new ParameterException(spec.commandLine(), "--publish " + publish + ": no model " + publish
                    + " in roro.yml; models: " + String.join(", ", declared.models().stream().map(m -> m.name())
                    .toList()));
        }
        TaskSpec run = new TaskSpec(TASK, Optional.of(shell(command)), Optional.empty(), Map.of(), Optional.empty(),
                inputs.profile != null ? inputs.profile : io.roro.core.spec.BuiltinProfiles.DEFAULT,
                Optional.ofNullable(publish),
                Optional.empty(), Optional.empty(), TaskSpec.DEFAULT_TIMEOUT_MINUTES);
        List<TaskSpec> tasks = new ArrayList<>(declared.tasks());
        tasks.add(run);
        ProjectSpec withRun = new ProjectSpec(declared.project(), declared.runtime(), declared.build(),
                declared.services(), tasks, declared.models(), declared.datasets(), declared.profiles());
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            io.roro.core.train.TrainingRecords.check(session.lineage(), withRun, TASK, Optional.ofNullable(inputs.dataset),
                    Optional.ofNullable(inputs.profile), Optional.ofNullable(inputs.version));
            io.roro.core.lineage.BuildVersion build = session.build();
            TrainRequest request = new TrainRequest(withRun, session.directory, TASK, parse(),
                    Optional.ofNullable(inputs.dataset), Optional.ofNullable(inputs.profile), Optional.ofNullable(inputs.version), build,
                    session.origin, publish != null);
            try {
                TrainResult result = new TrainOperation(session.platform, session.lineage()).train(request,
                        session.log);
                if (json.enabled) {
                    json.print(spec, new io.roro.core.train.TrainOutcome(result.training(), result.version(),
                            result.publishError(), Optional.empty()));
                }
                return result.publishError().isPresent() ? 1 : 0;
            } catch (TrainingException e) {
                // the command's own exit code, as a shell would give it
                Optional<TrainingRun> ran = session.lineage().trainings().trainings(declared.project(),
                        Optional.empty(), 5).stream().filter(t -> t.task().equals(TASK)).findFirst();
                Matcher exit = EXIT.matcher(ran.flatMap(TrainingRun::reason).orElse(""));
                spec.commandLine().getErr().println("roro: " + e.getMessage());
                return exit.find() ? Math.max(1, Math.min(255, Integer.parseInt(exit.group(1)))) : 1;
            }
        }
    }

    private Map<String, Object> parse() {
        try {
            return io.roro.core.train.Params.parse(params);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The arguments as one POSIX shell command line, each single-quoted: run exactly as given, no expansion. */
    static String shell(List<String> args) {
        return String.join(" ", args.stream().map(a -> a.matches("[A-Za-z0-9_./=:@%+,-]+") ? a
                : "'" + a.replace("'", "'\\''") + "'").toList());
    }
}
