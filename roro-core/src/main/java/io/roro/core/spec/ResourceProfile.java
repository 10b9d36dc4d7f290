package io.roro.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hardware a task or service runs on. Quantities are kept exactly as written (Kubernetes syntax:
 * {@code 500m}, {@code 1536Mi}); they become container resources, GPU limits, node selectors and tolerations.
 *
 * @param gpuResource the extended resource name for GPUs, e.g. {@code nvidia.com/gpu}
 * @param affinity    passed through to the pod spec unchanged
 */
public record ResourceProfile(
        String name,
        Resources requests,
        Resources limits,
        int gpu,
        String gpuResource,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Map<String, Object> affinity,
        Optional<String> serviceAccount,
        List<String> imagePullSecrets,
        Optional<String> priorityClass) {

    public static final String NVIDIA_GPU = "nvidia.com/gpu";

    public ResourceProfile {
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        tolerations = List.copyOf(tolerations);
        affinity = Collections.unmodifiableMap(new LinkedHashMap<>(affinity));
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }

    /** A profile with only CPU and memory requests and limits. */
    public static ResourceProfile simple(String name, Resources requests, Resources limits) {
        return new ResourceProfile(name, requests, limits, 0, NVIDIA_GPU, Map.of(), List.of(), Map.of(),
                Optional.empty(), List.of(), Optional.empty());
    }

    /** CPU, memory and ephemeral storage, each absent when not set. */
    public record Resources(Optional<String> cpu, Optional<String> memory, Optional<String> ephemeralStorage) {
        public static Resources none() {
            return new Resources(Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Resources of(String cpu, String memory) {
            return new Resources(Optional.of(cpu), Optional.of(memory), Optional.empty());
        }
    }

    /** A Kubernetes toleration, as in a pod spec. */
    public record Toleration(String key, String operator, Optional<String> value, Optional<String> effect,
            Optional<Long> tolerationSeconds) {
    }
}
