package io.roro.core.platform.kubernetes;

import io.roro.core.RoroVersion;
import java.util.List;
import java.util.Optional;

/**
 * roro's own images, one naming scheme everywhere: {@code REGISTRY/roro-NAME:VERSION} (the roro version). What
 * scripts/build-images.sh builds and pushes, what the shipped pod templates, Helm values and JCasC name, and what
 * the Kubernetes target uses when no image is given. Without a registry, the local name {@code roro-NAME:VERSION}.
 */
public final class RoroImages {
    /** The jnlp agent with the roro CLI; also init containers and training Jobs use it. */
    public static final String AGENT = "roro-agent";
    /** The base of every Python project image (agent-images/runtime-python). */
    public static final String RUNTIME_PYTHON = "roro-runtime-python";
    /** The same on a CUDA base (agent-images/runtime-gpu). */
    public static final String RUNTIME_GPU = "roro-runtime-gpu";
    /** jenkins/jenkins with the plugins of jenkins-casc/plugins.txt, the roro plugin and CLI (agent-images/controller). */
    public static final String CONTROLLER = "roro-controller";
    public static final List<String> ALL = List.of(AGENT, RUNTIME_PYTHON, RUNTIME_GPU, CONTROLLER);

    private RoroImages() {
    }

    public static String reference(String name, Optional<String> registry) {
        String prefix = registry.map(r -> r.replaceAll("/+$", "")).filter(r -> !r.isBlank()).map(r -> r + "/")
                .orElse("");
        return prefix + name + ":" + RoroVersion.get();
    }
}
