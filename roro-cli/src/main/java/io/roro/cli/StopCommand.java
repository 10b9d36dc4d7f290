package io.roro.cli;

import io.roro.core.serve.ServeOperation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", mixinStandardHelpOptions = true, description = "Take a service off its endpoint.")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            var event = new ServeOperation(platform, lineage.get()).stop(name, service,
                    LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()));
            if (json.enabled) {
                json.print(spec, event);
            } else {
                spec.commandLine().getOut().println("stopped " + name + ":" + service);
            }
        }
        return 0;
    }
}
