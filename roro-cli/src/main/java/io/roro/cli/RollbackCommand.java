package io.roro.cli;

import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.LineageException;
import io.roro.core.serve.ServeRequest;
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
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default")
    String service;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json)) {
            String name = session.spec.project();
            String previous = session.lineage.deployments().previousVersion(name, service)
                    .orElseThrow(() -> new LineageException(name + ":" + service
                            + " has no earlier model version to go back to"));
            DeploymentEvent event = session.platform.serving().serve(new ServeRequest(session.spec, service,
                    Optional.of(previous), Optional.empty(), session.build(), Optional.empty(), session.origin),
                    session.log);
            if (json.enabled) {
                json.print(spec, event);
            } else {
                spec.commandLine().getOut().println("rolled " + service + " back to " + previous);
            }
        }
        return 0;
    }
}
