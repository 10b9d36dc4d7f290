package io.roro.cli;

import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --project DIR}: the project the command works on (default: the current directory). */
final class ProjectOption {
    @Option(names = {"-C", "--project"}, defaultValue = ".", paramLabel = "DIR",
            description = "Project directory holding roro.yml (default: current directory).")
    Path directory;
    /** Read once per command: deploy reads it to start its build, and again when it opens the session. */
    private ProjectSpec read;

    /** The validated spec; an invalid roro.yml ends the command with its problems and exit code 2. */
    ProjectSpec spec(CommandSpec command) {
        if (read != null) {
            return read;
        }
        try {
            read = ProjectSpecReader.read(directory);
            return read;
        } catch (SpecException e) {
            e.problems().forEach(p -> command.commandLine().getErr().println(p.format()));
            throw new IllegalArgumentException(ProjectSpecReader.locate(directory) + " is not valid ("
                    + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + ")", e);
        }
    }

    Path directory() {
        return directory.toAbsolutePath().normalize();
    }
}
