package io.roro.cli;

import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import io.roro.core.spec.SpecProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check roro.yml without running anything.",
            "Prints nothing and exits 0 when it is valid; otherwise prints every problem, one per line as",
            "FILE:LINE:COLUMN: FIELD: MESSAGE, and exits 2."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", defaultValue = ".",
            description = "The project directory or its roro.yml (default: the current directory).")
    Path path;
    @Option(names = {"-C", "--project"}, paramLabel = "DIR", description = "The project directory, as other commands"
            + " take it (instead of DIR|FILE).")
    Path projectDir;

    @Override
    public Integer call() {
        Path file = ProjectSpecReader.locate(projectDir != null ? projectDir : path);
        List<SpecProblem> problems;
        try {
            ProjectSpecReader.read(projectDir != null ? projectDir : path);
            problems = List.of();
        } catch (SpecException e) {
            problems = e.problems();
        }
        if (json.enabled) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("file", file.toString());
            out.put("valid", problems.isEmpty());
            out.put("problems", problems);
            json.print(spec, out);
        } else {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(p -> err.println(p.format()));
        }
        return problems.isEmpty() ? 0 : RoroCommand.INVALID;
    }
}
