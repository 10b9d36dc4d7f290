package io.roro.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.runtime.kubernetes.KanikoImageBuilder;
import io.roro.core.runtime.kubernetes.KubernetesDeployer;
import io.roro.core.runtime.kubernetes.KubernetesSettings;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --target kubernetes} and what it needs. The cluster is the one kubeconfig (or the pod's service account)
 * points at, as kubectl would use it; the image must be in a registry the cluster pulls from.
 */
final class KubernetesOptions {
    @Option(names = "--target", defaultValue = "${env:RORO_TARGET:-docker}",
            description = "docker (this machine's engine) or kubernetes (kubeconfig's cluster); default: ${DEFAULT-VALUE}.")
    String target;
    @Option(names = "--namespace", defaultValue = "${env:RORO_NAMESPACE:-default}",
            description = "Kubernetes namespace (default: ${DEFAULT-VALUE}).")
    String namespace;
    @Option(names = "--registry", defaultValue = "${env:RORO_REGISTRY}", description = "Kubernetes: push the"
            + " project image here (e.g. registry.example.com/ml) and use that reference; default: $RORO_REGISTRY.")
    String registry;
    @Option(names = "--image", description = "Kubernetes: use this image reference as it is (already pushed).")
    String image;
    @Option(names = "--builder", defaultValue = "${env:RORO_BUILDER:-docker}", description = "Kubernetes: docker"
            + " (build here, push to --registry) or kaniko (a Job builds the pushed commit in the cluster and pushes"
            + " to --registry; no Docker engine needed here); default: ${DEFAULT-VALUE}.")
    String builder;
    @Option(names = "--registry-secret", defaultValue = "${env:RORO_REGISTRY_SECRET:-roro-registry}",
            description = "kaniko: docker-registry Secret with push rights (default: ${DEFAULT-VALUE}).")
    String registrySecret;
    @Option(names = "--runtime-image", description = "kaniko: roro's runtime image as the cluster pulls it"
            + " (default: REGISTRY/roro-runtime-python:ROROVERSION, pushed once by whoever runs the cluster).")
    String runtimeImage;
    @Option(names = "--build-timeout", defaultValue = "1800", description = "kaniko: seconds the build Job may"
            + " take (default: ${DEFAULT-VALUE}).")
    int buildTimeout;
    @Option(names = "--agent-image", defaultValue = "${env:RORO_AGENT_IMAGE:-roro/agent:latest}",
            description = "Kubernetes: image with the roro CLI for init containers (default: ${DEFAULT-VALUE}).")
    String agentImage;

    /** Whether the target is Kubernetes, for commands that need no image (training status, cancel). */
    boolean targetsKubernetes(CommandSpec spec) {
        if (!target.equals("docker") && !target.equals("kubernetes")) {
            throw new ParameterException(spec.commandLine(), "--target is docker or kubernetes, not " + target);
        }
        return target.equals("kubernetes");
    }

    /** A training on this cluster and namespace. */
    io.roro.core.runtime.kubernetes.KubernetesTraining training(KubernetesClient client,
            io.roro.core.lineage.Lineage lineage) {
        return new io.roro.core.runtime.kubernetes.KubernetesTraining(new KubernetesDeployer(client, namespace),
                settings(), lineage);
    }

    boolean enabled(CommandSpec spec) {
        if (!target.equals("docker") && !target.equals("kubernetes")) {
            throw new ParameterException(spec.commandLine(), "--target is docker or kubernetes, not " + target);
        }
        if (!builder.equals("docker") && !builder.equals("kaniko")) {
            throw new ParameterException(spec.commandLine(), "--builder is docker or kaniko, not " + builder);
        }
        if (builder.equals("kaniko") && (!target.equals("kubernetes") || registry == null || image != null)) {
            throw new ParameterException(spec.commandLine(), "--builder kaniko builds in the cluster: it needs"
                    + " --target kubernetes and --registry (where the Job pushes), and no --image");
        }
        if (target.equals("kubernetes") && image == null && registry == null) {
            throw new ParameterException(spec.commandLine(), "--target kubernetes needs --registry (where to push"
                    + " the project image) or --image (an image already pushed)");
        }
        return target.equals("kubernetes");
    }

    KubernetesClient client() {
        return new KubernetesClientBuilder().build();
    }

    KubernetesSettings settings() {
        KubernetesSettings defaults = KubernetesSettings.defaults(namespace);
        return new KubernetesSettings(namespace, agentImage, defaults.lineageSecret(), defaults.serviceType());
    }

    /** Whether this machine's Docker engine builds (else the cluster does, and none is needed here). */
    boolean buildsLocally() {
        return !builder.equals("kaniko");
    }

    /** How deploy builds: this machine's engine, or a Kaniko Job in the cluster. */
    ProjectBuilder projectBuilder(ProjectSession session, KubernetesClient client) {
        if (buildsLocally()) {
            return session.platform.builder();
        }
        return new KanikoImageBuilder(new KubernetesDeployer(client, namespace), settings(),
                session.platform.builder(), session.lineage.store(), KanikoImageBuilder.Target.of(registry,
                        registrySecret, java.util.Optional.ofNullable(runtimeImage)),
                Duration.ofSeconds(buildTimeout), Duration.ofSeconds(3));
    }

    /** The reference the cluster pulls: --image as given, a cluster build as pushed, or the build pushed here. */
    String image(ProjectSession session, BuildVersion build) {
        if (image != null) {
            return image;
        }
        return buildsLocally() ? session.platform.builder().push(build, registry) : build.image();
    }
}
