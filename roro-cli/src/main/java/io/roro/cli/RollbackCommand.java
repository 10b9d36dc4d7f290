package io.roro.cli;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.LineageException;
import io.roro.core.lineage.Origin;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
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
        ProjectSpec projectSpec = project.spec(spec);
        Origin origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        var out = spec.commandLine().getOut();
        try (Lineage lineage = LineageAccess.open()) {
            String previous = lineage.deployments().previousVersion(projectSpec.project(), service)
                    .orElseThrow(() -> new LineageException(projectSpec.project() + ":" + service
                            + " has no earlier model version to go back to"));
            var platform = DockerAccess.platform(lineage);
            BuildVersion build = platform.builder().build(projectSpec, project.directory(), origin, out::println);
            DeploymentEvent event = platform.serving().serve(new ServeRequest(projectSpec, service,
                    Optional.of(previous), Optional.empty(), build, Optional.empty(), origin),
                    json.enabled ? l -> { } : out::println);
            if (json.enabled) {
                json.print(spec, event);
            } else {
                out.println("rolled " + service + " back to " + previous);
            }
        }
        return 0;
    }
}
