package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.roro.core.spec.ResourceProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resource profile as a kubernetes-plugin agent pod: the {@code jnlp} container (Jenkins' inbound agent, small)
 * and a {@code roro} container of the project's runtime image that gets the profile's resources and scheduling.
 * Pipelines use it with {@code podTemplate(yaml: ...) { node(POD_LABEL) { container('roro') { ... } } }};
 * JCasC uses the same YAML under a cloud's {@code templates:}.
 */
public final class AgentPodTemplate {
    public static final String CONTAINER = "roro";
    /** The user of jenkins/inbound-agent, whose workspace every container of the pod shares. */
    static final long JNLP_UID = 1000L;

    private AgentPodTemplate() {
    }

    public static Pod pod(ResourceProfile profile, String runtimeImage, String jnlpImage) {
        Container jnlp = new ContainerBuilder().withName("jnlp").withImage(jnlpImage)
                .withNewResources()
                .withRequests(ordered("cpu", "100m", "memory", "256Mi"))
                .withLimits(ordered("memory", "512Mi"))
                .endResources().build();
        // as jnlp's user (the inbound agent's uid 1000), not the runtime image's own (10001): `sh` inside
        // container('roro') writes the workspace jnlp made, which kubernetes-plugin says fails across users
        Container roro = new ContainerBuilder().withName(CONTAINER).withImage(runtimeImage)
                .withCommand("sleep").withArgs("infinity").withTty(true)
                .withWorkingDir("/home/jenkins/agent")
                .withNewSecurityContext().withRunAsUser(JNLP_UID).withRunAsGroup(JNLP_UID).endSecurityContext()
                .withEnv(new EnvVarBuilder().withName("HOME").withValue("/tmp").build())
                .withResources(ProfilePods.resources(profile)).build();
        PodSpecBuilder spec = new PodSpecBuilder().withContainers(jnlp, roro);
        ProfilePods.schedule(spec, profile);
        return new PodBuilder().withNewMetadata()
                .withLabels(new LinkedHashMap<>(Map.of(KubeNames.PART_OF, "roro")))
                .addToLabels("roro.io/profile", KubeNames.labelValue(profile.name()))
                .endMetadata().withSpec(spec.build()).build();
    }

    /** Quantities in a fixed order, so the YAML is the same on every run. */
    private static Map<String, Quantity> ordered(String... pairs) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], new Quantity(pairs[i + 1]));
        }
        return map;
    }

    /** The pod as YAML, as {@code podTemplate(yaml:)} and JCasC take it. */
    public static String yaml(ResourceProfile profile, String runtimeImage, String jnlpImage) {
        return ProfilePods.SERIALIZATION.asYaml(pod(profile, runtimeImage, jnlpImage));
    }
}
