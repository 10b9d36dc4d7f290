package io.roro.core.platform.kubernetes;

/**
 * How roro uses a cluster.
 *
 * @param namespace         where every roro object lives
 * @param agentImage        image with the roro CLI (agent-images/agent), used by init containers to fetch model
 *                          versions and datasets and by training Jobs to publish
 * @param lineageSecret     Secret with key {@code uri}: the MongoDB URI pods use for lineage and artifacts
 * @param serviceType       ClusterIP, NodePort or LoadBalancer
 */
public record KubernetesSettings(String namespace, String agentImage, String lineageSecret, String serviceType) {

    /** @param registry where roro's images were pushed (scripts/build-images.sh), if given */
    public static KubernetesSettings defaults(String namespace, java.util.Optional<String> registry) {
        return new KubernetesSettings(namespace, RoroImages.reference(RoroImages.AGENT, registry), "roro-lineage",
                "ClusterIP");
    }

    public KubernetesSettings {
        if (!java.util.Set.of("ClusterIP", "NodePort", "LoadBalancer").contains(serviceType)) {
            throw new IllegalArgumentException("service type '" + serviceType + "' is not ClusterIP, NodePort or"
                    + " LoadBalancer");
        }
    }
}
