package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import io.roro.core.build.RuntimeWheel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "python-package", mixinStandardHelpOptions = true, description = {
    "Write roro's Python side (roro_runtime) as a wheel, to pip install where a project's code runs outside roro.",
    "The same files the runtime image has: `python3 train.py` on a laptop reads its params and writes its model",
    "to ./output as in a training."})
final class PythonPackageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = ".",
            description = "Where the wheel is written (default: the current directory).")
    Path directory;

    @Override
    public Integer call() {
        Path wheel = RuntimeWheel.write(Invocation.current().workingDirectory().resolve(directory));
        if (json.enabled) {
            json.print(spec, Map.of("wheel", wheel.toString()));
        } else {
            spec.commandLine().getOut().println(wheel);
        }
        return 0;
    }
}
