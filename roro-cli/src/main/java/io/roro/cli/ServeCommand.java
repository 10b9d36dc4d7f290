package io.roro.cli;

import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.serve.ServeOperation;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
    "Put a model version behind a service's endpoint.",
    "The new containers must answer /health before traffic moves to them; if they never do, the old version",
    "keeps serving (recorded as a rollback). Call the endpoint printed last: it is the service's router, which",
    "stays the same from version to version."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    /** Not mixinStandardHelpOptions: its -V/--version would take the name --version of the model version. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default",
            description = "The service of roro.yml (default: ${DEFAULT-VALUE}).")
    String service;
    @Option(names = "--version", description = "MODEL:VERSION or VERSION or latest (default: latest).")
    String version;
    @Option(names = "--replicas", description = "Backend containers (default: the service's replicas).")
    Integer replicas;
    @Option(names = "--port", description = "Public port on 127.0.0.1 (default: kept, or a free one).")
    Integer port;
    @Mixin
    BuildOptions target;
    @Option(names = "--rollout-timeout", defaultValue = "300", description = "Kubernetes: seconds to wait for the"
            + " rollout before rolling back (default: ${DEFAULT-VALUE}).")
    int rolloutTimeout;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json, target,
                Map.of("rolloutTimeout", Integer.toString(rolloutTimeout)), true)) {
            Optional<DeploymentEvent> event = new ServeOperation(session.platform, session.lineage()).serve(
                    session.spec, service, Optional.ofNullable(version), Optional.ofNullable(replicas),
                    Optional.ofNullable(port), session::build, session.origin, session.log);
            if (json.enabled) {
                json.print(spec, event.isPresent() ? event.get() : io.roro.core.contract.CommandJson.unchanged());
            } else if (event.isEmpty()) {
                spec.commandLine().getOut().println("service " + service + " already runs this spec; nothing changed");
            }
        }
        return 0;
    }
}
