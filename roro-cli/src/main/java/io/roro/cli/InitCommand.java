package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import io.roro.core.spec.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roro init NAME}: a project that validates, trains and serves as it is, to start from. */
@Command(name = "init", mixinStandardHelpOptions = true, description = {
    "Make a new project that trains and serves as it is.",
    "roro.yml with a service, a task and a model, train.py (a scikit-learn classifier on the iris data, no",
    "download) and predict.py; `roro train train` in it trains a version and serves it."})
final class InitCommand implements Callable<Integer> {
    /** The files made, from the init/ resources; PROJECT in them becomes the project's name. */
    private static final Map<String, String> FILES = Map.of("roro.yml", "roro.yml", "train.py", "train.py",
            "predict.py", "predict.py", "requirements.txt", "requirements.txt", ".gitignore", "gitignore");

    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(paramLabel = "NAME", description = "The project's name: lowercase letters, digits and '-'.")
    String name;
    @Option(names = "--dir", paramLabel = "DIR", description = "Where to make it (default: ./NAME); it must not"
            + " exist or be empty.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Names.checkName("project", name).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
        Path target = dir != null ? dir : Invocation.current().resolve(name);
        if (Files.exists(target) && (!Files.isDirectory(target) || !empty(target))) {
            throw new ParameterException(spec.commandLine(), target + " exists and is not an empty directory;"
                    + " give another NAME or --dir");
        }
        Files.createDirectories(target);
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Files.writeString(target.resolve(file.getKey()), template(file.getValue()).replace("PROJECT", name));
        }
        if (json.enabled) {
            json.print(spec, Map.of("project", name, "directory", target.toString(),
                    "files", List.copyOf(new TreeSet<>(FILES.keySet()))));
        } else {
            var out = spec.commandLine().getOut();
            out.println("made project " + name + " in " + target);
            out.println("next: cd " + target + " && roro train train   # trains " + name + "-model and serves it");
        }
        return 0;
    }

    private static boolean empty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String template(String resource) {
        try (InputStream in = InitCommand.class.getResourceAsStream("init/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("roro's init template " + resource + " is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
