package io.roro.cli;

import io.roro.core.platform.PlatformException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "The log of a service's backends.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;
    @Option(names = "--failed", description = "The whole log of the service's last backend that did not become"
            + " healthy (it was removed; its log is kept).")
    boolean failed;
    @Option(names = "--tail", defaultValue = "100", description = "Lines from the end of each backend's log to start with (default: ${DEFAULT-VALUE}).")
    int tail;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        // no lineage: the platform knows what runs, so logs work while the store is busy
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            try {
                // what the service printed of its config vars is masked, as everything roro prints
                var out = platform.configVars(name).mask().masking(spec.commandLine().getOut()::println);
                if (failed) {
                    platform.services().failedLog(name, service, out);
                } else {
                    platform.services().logs(name, service, tail, follow, out);
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            } catch (PlatformException e) {
                spec.commandLine().getErr().println("roro: " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }
}
