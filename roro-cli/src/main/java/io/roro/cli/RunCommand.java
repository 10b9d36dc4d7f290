package io.roro.cli;

import io.roro.core.contract.BuildVersion;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.AdHocRun;
import io.roro.core.train.TrainOperation;
import io.roro.core.contract.TrainOutcome;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingException;
import io.roro.core.train.TrainingRecords;
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

/**
 * {@code roro run -- COMMAND...}: rorodata's one-off command on the platform, as a training without a task of
 * roro.yml: the project image, a profile's resources, a dataset, config vars, the log streamed, the exit code
 * passed through, and a record in lineage (core's AdHocRun: task "run") so that "what ran on this data" includes it.
 */
@Command(name = "run", description = {
    "Run a one-off command in a container of the project image, recorded in lineage.",
    "With a profile's resources (GPUs included), a dataset at RORO_DATA_DIR, a model version's files at",
    "RORO_MODEL_DIR and the config vars; its log is streamed and its exit code is roro's. Files it writes to",
    "RORO_OUTPUT_DIR become a version of --publish MODEL, linked to the run as a training's are."})
final class RunCommand implements Callable<Integer> {
    // not mixinStandardHelpOptions: its --version would be the model version's (--version MODEL:VERSION), and
    // picocli then left out --help as well
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
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
    @Mixin
    ParamsOption params;
    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() {
        ProjectSpec declared = project.spec(spec);
        ProjectSpec withRun;
        try {
            withRun = AdHocRun.withRun(declared, command, Optional.ofNullable(inputs.profile),
                    Optional.ofNullable(publish));
        } catch (TrainingException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        AdHocRun.missingFile(project.directory(), command).ifPresent(problem -> {
            throw new TrainingException(problem);
        });
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            TrainingRecords.check(session.lineage(), withRun, AdHocRun.TASK,
                    Optional.ofNullable(inputs.dataset), Optional.ofNullable(inputs.profile),
                    Optional.ofNullable(inputs.version));
            BuildVersion build = session.build();
            // a command that is not there is said before the run is recorded or started
            AdHocRun.program(command).flatMap(p -> session.platform.trainings().missingProgram(build, p))
                    .ifPresent(problem -> {
                        throw new TrainingException(problem);
                    });
            TrainRequest request = new TrainRequest(withRun, session.directory, AdHocRun.TASK, params.parse(spec),
                    Optional.ofNullable(inputs.dataset), Optional.ofNullable(inputs.profile),
                    Optional.ofNullable(inputs.version), build, session.origin, publish != null);
            try {
                TrainResult result = new TrainOperation(session.platform, session.lineage()).train(request,
                        session.log);
                if (json.enabled) {
                    json.print(spec, new TrainOutcome(result.training(), result.version(),
                            result.publishError(), Optional.empty()));
                }
                return result.publishError().isPresent() ? 1 : 0;
            } catch (TrainingException e) {
                spec.commandLine().getErr().println("roro: " + e.getMessage());
                // the command's own exit code, as a shell would give it
                return AdHocRun.exitCode(session.lineage().trainings().trainings(declared.project(),
                        Optional.empty(), 5).stream().filter(t -> t.task().equals(AdHocRun.TASK)).findFirst());
            }
        }
    }

}
