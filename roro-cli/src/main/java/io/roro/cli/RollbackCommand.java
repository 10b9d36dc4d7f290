package io.roro.cli;

import io.roro.core.contract.CommandJson;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.rollout.CanaryOperation;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "rollback", mixinStandardHelpOptions = true, description = {
    "Serve again what a service ran before its current revision, its model version on its build's image.",
    "A rollback after a bad code deploy restores the code too, with the same health-checked switch as serve.",
    "While a canary or shadow runs, take it away instead: the live version answers every request again."})
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
    @CommandLine.Mixin
    BuildOptions target;
    @CommandLine.Option(names = "--model-only", description = "Go back to the model version before the"
            + " current one, on the project's code as it is now (built if need be), not to the revision before.")
    boolean modelOnly;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            // what runs beside the live version now, for the message (core decides what a rollback is)
            var candidate = session.lineage().deployments().deployment(session.spec.project(), service)
                    .filter(Deployment::isLive)
                    .flatMap(Deployment::candidate);
            Optional<DeploymentEvent> event = new CanaryOperation(session.platform,
                    session.lineage()).rollBack(session.spec, service, session::build, modelOnly, session.origin,
                    session.log);
            if (json.enabled) {
                json.print(spec, event.isPresent() ? event.get() : CommandJson.unchanged());
            } else if (candidate.isPresent() && event.isPresent()) {
                spec.commandLine().getOut().println("took " + candidate.get().describe() + " away: " + service
                        + " answers every request with " + event.get().modelVersion().orElse("its build"));
            } else {
                spec.commandLine().getOut().println("rolled " + service + " back: "
                        + event.flatMap(DeploymentEvent::message).orElse("nothing changed"));
            }
        }
        return 0;
    }
}
