package io.roro.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.runtime.kubernetes.KubernetesSettings;
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
    @Option(names = "--registry", description = "Kubernetes: push the project image here (e.g."
            + " registry.example.com/ml) and use that reference.")
    String registry;
    @Option(names = "--image", description = "Kubernetes: use this image reference as it is (already pushed).")
    String image;
    @Option(names = "--agent-image", defaultValue = "${env:RORO_AGENT_IMAGE:-roro/agent:latest}",
            description = "Kubernetes: image with the roro CLI for init containers (default: ${DEFAULT-VALUE}).")
    String agentImage;

    boolean enabled(CommandSpec spec) {
        if (!target.equals("docker") && !target.equals("kubernetes")) {
            throw new ParameterException(spec.commandLine(), "--target is docker or kubernetes, not " + target);
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

    /** The reference the cluster pulls: --image as given, or the build pushed to --registry. */
    String image(ProjectSession session, BuildVersion build) {
        return image != null ? image : session.platform.builder().push(build, registry);
    }
}
