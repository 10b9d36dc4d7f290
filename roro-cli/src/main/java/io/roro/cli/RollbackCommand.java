package io.roro.cli;

import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.serve.ServeOperation;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true, description = {
    "Serve the model version a service had before its current one (same health-checked switch as serve)."})
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @picocli.CommandLine.Mixin
    BuildOptions target;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            Optional<DeploymentEvent> event = new ServeOperation(session.platform, session.lineage())
                    .rollBackToPrevious(session.spec, service, session::build, session.origin, session.log);
            String previous = event.flatMap(DeploymentEvent::modelVersion).orElse("its previous build");
            if (json.enabled) {
                json.print(spec, event.isPresent() ? event.get() : io.roro.core.contract.CommandJson.unchanged());
            } else {
                spec.commandLine().getOut().println("rolled " + service + " back to " + previous);
            }
        }
        return 0;
    }
}
