package io.roro.cli;

import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.serve.ServeRequest;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "Put a model version behind a service's endpoint. The new containers must answer /health before traffic",
    "moves to them; if they never do, the old version keeps serving (recorded as a rollback)."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default")
    String service;
    @Option(names = "--version", description = "MODEL:VERSION or VERSION or latest (default: latest).")
    String version;
    @Option(names = "--replicas", description = "Backend containers (default: the service's replicas).")
    Integer replicas;
    @Option(names = "--port", description = "Public port on 127.0.0.1 (default: kept, or a free one).")
    Integer port;

    @Override
    public Integer call() {
        try (ProjectSession session = ProjectSession.open(spec, project, json)) {
            DeploymentEvent event = session.platform.serving().serve(new ServeRequest(session.spec, service,
                    Optional.ofNullable(version), Optional.ofNullable(replicas), session.build(),
                    Optional.ofNullable(port), session.origin), session.log);
            if (json.enabled) {
                json.print(spec, event);
            }
        }
        return 0;
    }
}
