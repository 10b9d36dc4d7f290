package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.roro.core.spec.ResourceProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource profile in a pod: container resources exactly as written in roro.yml ({@code 1536Mi} stays
 * {@code 1536Mi}), GPUs as an extended resource limit, and the scheduling fields (node selector, tolerations,
 * affinity, service account, pull secrets, priority class). Used for training Jobs, serving Deployments and the
 * kubernetes-plugin agent pod templates alike.
 */
public final class ProfilePods {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ProfilePods() {
    }

    public static ResourceRequirements resources(ResourceProfile profile) {
        Map<String, Quantity> requests = quantities(profile.requests());
        Map<String, Quantity> limits = quantities(profile.limits());
        if (profile.gpu() > 0) {
            // extended resources are limits only; Kubernetes sets the request equal to it
            limits.put(profile.gpuResource(), new Quantity(Integer.toString(profile.gpu())));
        }
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
        if (!requests.isEmpty()) {
            builder.withRequests(requests);
        }
        if (!limits.isEmpty()) {
            builder.withLimits(limits);
        }
        return builder.build();
    }

    private static Map<String, Quantity> quantities(ResourceProfile.Resources resources) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        resources.cpu().ifPresent(v -> out.put("cpu", new Quantity(v)));
        resources.memory().ifPresent(v -> out.put("memory", new Quantity(v)));
        resources.ephemeralStorage().ifPresent(v -> out.put("ephemeral-storage", new Quantity(v)));
        return out;
    }

    /** Adds the profile's scheduling fields to a pod spec. */
    public static PodSpecBuilder schedule(PodSpecBuilder pod, ResourceProfile profile) {
        if (!profile.nodeSelector().isEmpty()) {
            pod.withNodeSelector(new LinkedHashMap<>(profile.nodeSelector()));
        }
        if (!profile.tolerations().isEmpty()) {
            pod.withTolerations(profile.tolerations().stream().map(ProfilePods::toleration).toList());
        }
        if (!profile.affinity().isEmpty()) {
            pod.withAffinity(SERIALIZATION.convertValue(profile.affinity(), Affinity.class));
        }
        profile.serviceAccount().ifPresent(pod::withServiceAccountName);
        if (!profile.imagePullSecrets().isEmpty()) {
            pod.withImagePullSecrets(profile.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        }
        profile.priorityClass().ifPresent(pod::withPriorityClassName);
        return pod;
    }

    private static Toleration toleration(ResourceProfile.Toleration t) {
        TolerationBuilder builder = new TolerationBuilder().withOperator(t.operator());
        if (!t.key().isEmpty()) {
            builder.withKey(t.key());
        }
        t.value().ifPresent(builder::withValue);
        t.effect().ifPresent(builder::withEffect);
        t.tolerationSeconds().ifPresent(builder::withTolerationSeconds);
        return builder.build();
    }

    static <T> Optional<T> first(List<T> list) {
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }
}
