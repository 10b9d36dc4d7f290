package io.roro.cli;

import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * A training as {@code roro ps} shows it ({@code retrain-7}, in the project's directory) or in full
 * ({@code credit-risk:retrain-7}, anywhere).
 */
final class TrainingIdOption {
    @Parameters(paramLabel = "TRAINING", description = "The training: NAME as roro ps lists it (the project is"
            + " roro.yml's in -C DIR), or PROJECT:NAME, e.g. credit-risk:retrain-7.")
    String training;
    @Option(names = {"-C", "--project"}, defaultValue = ".", paramLabel = "DIR",
            description = "Project directory holding roro.yml, for a TRAINING without its project (default: current"
                    + " directory).")
    Path directory;

    /** The full id, PROJECT:NAME. */
    String id(CommandSpec spec) {
        if (training.contains(":")) {
            return training;
        }
        Path file = ProjectSpecReader.locate(directory);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "'" + training + "' has no project and there is no "
                    + file + ": give PROJECT:" + training + " (roro ps in the project's directory lists them)");
        }
        try {
            return ProjectSpecReader.read(directory).project() + ":" + training;
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), file + " is not valid (roro validate shows why); give"
                    + " PROJECT:" + training, e);
        }
    }
}
