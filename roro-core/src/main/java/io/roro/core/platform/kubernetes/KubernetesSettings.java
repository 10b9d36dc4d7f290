package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How roro uses a cluster.
 *
 * @param namespace         where every roro object lives
 * @param agentImage        image with the roro CLI (agent-images/agent), used by init containers to fetch model
 *                          versions and datasets and by training Jobs to publish
 * @param lineageSecret     Secret with key {@code uri}: the MongoDB URI pods use for lineage and artifacts, and
 *                          {@code username} and {@code password} apart from it
 * @param serviceType       ClusterIP, NodePort or LoadBalancer
 */
public record KubernetesSettings(String namespace, String agentImage, String lineageSecret, String serviceType) {

    /** @param registry where roro's images were pushed (scripts/build-images.sh), if given */
    public static KubernetesSettings defaults(String namespace, Optional<String> registry) {
        return new KubernetesSettings(namespace, RoroImages.reference(RoroImages.AGENT, registry), "roro-lineage",
                "ClusterIP");
    }

    public KubernetesSettings {
        if (!Set.of("ClusterIP", "NodePort", "LoadBalancer").contains(serviceType)) {
            throw new IllegalArgumentException("service type '" + serviceType + "' is not ClusterIP, NodePort or"
                    + " LoadBalancer");
        }
    }

    /**
     * How a pod of roro's reaches lineage, from the lineage Secret: {@code uri} (without credentials), and the user
     * and password apart from it ({@code username}, {@code password}; optional, so a Secret whose URI carries them
     * still works): a password with {@code @ : / %} needs no escaping, and is never part of a URI in a log.
     */
    public List<EnvVar> lineageEnv() {
        return List.of(secretEnv("RORO_MONGO_URI", "uri", false),
                secretEnv("RORO_MONGO_USER", "username", true), secretEnv("RORO_MONGO_PASSWORD", "password", true));
    }

    private EnvVar secretEnv(String name, String key, boolean optional) {
        return new EnvVarBuilder().withName(name).withNewValueFrom()
                .withNewSecretKeyRef().withName(lineageSecret).withKey(key).withOptional(optional ? true : null)
                .endSecretKeyRef().endValueFrom().build();
    }
}
