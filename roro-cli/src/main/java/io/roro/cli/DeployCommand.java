package io.roro.cli;

import io.roro.core.build.ImageBuilder;
import io.roro.core.build.RuntimeImages;
import io.roro.core.deploy.DeployResult;
import io.roro.core.runtime.DockerCli;
import java.util.concurrent.CompletableFuture;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "deploy", mixinStandardHelpOptions = true, description = {
    "Validate roro.yml, build the project image, restart every service on it with its current model version,",
    "and show the schedules of periodic tasks (as Jenkins will run them)."})
final class DeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    KubernetesOptions kubernetes;
    @picocli.CommandLine.Option(names = "--rollout-timeout", defaultValue = "300", description = "Kubernetes:"
            + " seconds to wait for each service's rollout before rolling back (default: ${DEFAULT-VALUE}).")
    int rolloutTimeout;

    private CompletableFuture<ImageBuilder.BuiltImage> startBuild() {
        PrintWriter log = json.enabled ? spec.commandLine().getErr() : spec.commandLine().getOut();
        DockerCli docker = new DockerCli();
        return new ImageBuilder(docker, new RuntimeImages(docker, LineageAccess.environment), null)
                .start(project.spec(spec), project.directory(), log::println);
    }

    @Override
    public Integer call() {
        try {
            return deploy();
        } catch (io.roro.core.runtime.DockerException e) {
            DockerAccess.requireEngine(new DockerCli()); // "no engine" says more than the first command that failed
            throw e;
        }
    }

    private Integer deploy() {
        PrintWriter out = spec.commandLine().getOut();
        boolean onKubernetes = kubernetes.enabled(spec);
        // on this engine the image build needs nothing from lineage: it starts now, while lineage opens and
        // serving is prepared, and is recorded when it is done
        CompletableFuture<ImageBuilder.BuiltImage> image = onKubernetes ? null : startBuild();
        // the build already asks the engine (a missing one is reported by call()), so no separate check here
        try (ProjectSession session = ProjectSession.open(spec, project, json,
                onKubernetes && kubernetes.buildsLocally(), false);
                io.fabric8.kubernetes.client.KubernetesClient client = onKubernetes ? kubernetes.client() : null) {
            io.roro.core.deploy.DeployOperation operation = onKubernetes
                    ? new io.roro.core.deploy.DeployOperation(session.lineage, kubernetes.projectBuilder(session, client),
                            new io.roro.core.runtime.kubernetes.KubernetesServing(client, kubernetes.settings(),
                                    session.lineage, java.time.Duration.ofSeconds(rolloutTimeout))
                                    .target(build -> kubernetes.image(session, build)))
                    : session.platform.deploying(session.platform.builder().recording(image));
            DeployResult result = operation.deploy(session.spec, session.directory, session.origin, session.log);
            if (json.enabled) {
                json.print(spec, result);
                return result.allServicesLive() ? 0 : 1;
            }
            out.println("Deployed version " + result.number() + " of " + result.project() + " (image "
                    + result.build().image() + ")");
            for (DeployResult.ServiceOutcome s : result.services()) {
                out.println("  service " + s.service() + ": " + s.problem().map(p -> "NOT LIVE: " + p)
                        .orElse(s.endpoint().orElse("") + s.modelVersion().map(v -> " (" + v + ")").orElse("")));
            }
            for (DeployResult.ScheduledTask t : result.schedules()) {
                out.println("  task " + t.task() + ": Jenkins job " + t.job() + " '" + t.jenkinsSpec()
                        .replace("\n", " ") + "', next " + (t.nextRuns().isEmpty() ? "never" : t.nextRuns().get(0)));
            }
            return result.allServicesLive() ? 0 : 1;
        }
    }
}
