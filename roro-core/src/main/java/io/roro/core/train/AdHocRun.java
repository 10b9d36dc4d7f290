package io.roro.core.train;

import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.TrainingExit;
import io.roro.core.spec.BuiltinProfiles;
import io.roro.core.spec.ModelSpec;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.TaskSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * rorodata's one-off `roro run -- COMMAND`: a training of a task of its own ({@value #TASK}) that roro.yml does
 * not declare, so that {@link TrainOperation} runs it as it runs any task (image, profile, dataset, config vars,
 * log, cancel) and lineage records it with its command, params, who and when.
 */
public final class AdHocRun {
    /** The task name runs are recorded under (a project's own task may not have it). */
    public static final String TASK = "run";

    private AdHocRun() {
    }

    /**
     * {@code spec} with the run as task {@value #TASK}; refused when the project has a task of that name or
     * {@code publish} names no model of it.
     */
    public static ProjectSpec withRun(ProjectSpec spec, List<String> command, Optional<String> profile,
            Optional<String> publish) {
        if (command.isEmpty()) {
            throw new TrainingException("roro run needs a command after --");
        }
        if (spec.task(TASK).isPresent()) {
            throw new TrainingException("roro run records its runs as task '" + TASK + "', and " + spec.project()
                    + " has a task of that name: rename it in roro.yml to use roro run");
        }
        if (publish.isPresent() && spec.models().stream().noneMatch(m -> m.name().equals(publish.get()))) {
            throw new TrainingException("--publish " + publish.get() + ": no model " + publish.get()
                    + " in roro.yml; models: " + String.join(", ", spec.models().stream().map(ModelSpec::name)
                    .toList()));
        }
        TaskSpec run = new TaskSpec(TASK, Optional.of(shell(command)), Optional.empty(), Map.of(), Optional.empty(),
                profile.orElse(BuiltinProfiles.DEFAULT), publish, Optional.empty(), Optional.empty(),
                TaskSpec.DEFAULT_TIMEOUT_MINUTES, true, Map.of(), Optional.empty());
        List<TaskSpec> tasks = new ArrayList<>(spec.tasks());
        tasks.add(run);
        return new ProjectSpec(spec.project(), spec.runtime(), spec.build(), spec.services(), tasks, spec.models(),
                spec.datasets(), spec.profiles());
    }

    /**
     * What of the command is missing from the project itself, said before anything is built: a script named by a
     * relative path ({@code ./prepare.sh}, {@code scripts/x.sh}) or given to python ({@code python3 check.py}),
     * which runs in the project's directory. Names looked up on the image's PATH are the platform's to check.
     */
    public static Optional<String> missingFile(Path projectDir, List<String> command) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        String first = command.get(0);
        List<String> candidates = new ArrayList<>();
        if (first.contains("/") && !first.startsWith("/")) {
            candidates.add(first);
        }
        if (first.matches("python3?(\\.\\d+)?") && command.size() > 1 && command.get(1).endsWith(".py")
                && !command.get(1).startsWith("/")) {
            candidates.add(command.get(1));
        }
        for (String file : candidates) {
            Path path = projectDir.resolve(file).normalize();
            if (!path.startsWith(projectDir.normalize()) || !Files.isRegularFile(path)) {
                return Optional.of("no file " + file + " in " + projectDir + " (roro run runs COMMAND in the project's"
                        + " directory, as its image has it)");
            }
        }
        return Optional.empty();
    }

    /** The command's program when the image's PATH decides it (a bare name or an absolute path). */
    public static Optional<String> program(List<String> command) {
        return command.isEmpty() || (command.get(0).contains("/") && !command.get(0).startsWith("/"))
                ? Optional.empty() : Optional.of(command.get(0));
    }

    /** The arguments as one POSIX shell command line, each single-quoted: run exactly as given, no expansion. */
    public static String shell(List<String> args) {
        return String.join(" ", args.stream().map(a -> a.matches("[A-Za-z0-9_./=:@%+,-]+") ? a
                : "'" + a.replace("'", "'\\''") + "'").toList());
    }

    /** What a shell would exit with for a failed run: its command's own exit code where it had one, else 1. */
    public static int exitCode(Optional<TrainingRun> failed) {
        int code = failed.flatMap(TrainingRun::reason).map(TrainingExit::exitCode)
                .filter(OptionalInt::isPresent).map(OptionalInt::getAsInt).orElse(1);
        return Math.max(1, Math.min(255, code));
    }
}
