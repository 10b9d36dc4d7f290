package io.roro.cli;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
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
        ProjectSpec projectSpec = project.spec(spec);
        Origin origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        var out = spec.commandLine().getOut();
        try (Lineage lineage = LineageAccess.open()) {
            var platform = DockerAccess.platform(lineage);
            ProjectRegistration.register(projectSpec, project.directory(), lineage.store(), origin);
            BuildVersion build = platform.builder().build(projectSpec, project.directory(), origin, out::println);
            DeploymentEvent event = platform.serving().serve(new ServeRequest(projectSpec, service,
                    Optional.ofNullable(version), Optional.ofNullable(replicas), build, Optional.ofNullable(port),
                    origin), json.enabled ? l -> { } : out::println);
            if (json.enabled) {
                json.print(spec, event);
            }
        }
        return 0;
    }
}
