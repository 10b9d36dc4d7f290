package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.roro.core.platform.ConfigVarRules;
import io.roro.core.platform.ConfigVarStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A project's config vars on a cluster: the Secret {@code roro-config-PROJECT}, which every service and training
 * pod of the project reads as environment ({@code envFrom}, optional, so a project without one still starts). The
 * same names and values are accepted as on Docker ({@link ConfigVars#check}).
 */
public final class KubernetesConfigVars implements ConfigVarStore {
    private final KubernetesClient client;
    private final String namespace;
    private final String project;

    public KubernetesConfigVars(KubernetesClient client, String namespace, String project) {
        this.client = client;
        this.namespace = namespace;
        this.project = project;
    }

    public static String secretName(String project) {
        return KubeNames.name("roro-config", project);
    }

    /** What a project's containers read their config vars from. */
    static EnvFromSource envFrom(String project) {
        return new EnvFromSourceBuilder().withNewSecretRef().withName(secretName(project)).withOptional(true)
                .endSecretRef().build();
    }

    /** The names set for the project (values stay in the cluster). */
    @Override
    public List<String> names() {
        return List.copyOf(data().keySet());
    }

    @Override
    public List<String> secrets() {
        return data().values().stream().map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public void set(Map<String, String> vars) {
        ConfigVarRules.check(vars);
        Map<String, String> data = data();
        vars.forEach((name, value) -> data.put(name,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        write(data);
    }

    @Override
    public List<String> unset(Collection<String> names) {
        Map<String, String> data = data();
        List<String> removed = names.stream().filter(data::containsKey).toList();
        removed.forEach(data::remove);
        if (!removed.isEmpty()) {
            write(data);
        }
        return removed;
    }

    private Map<String, String> data() {
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName(project)).get();
        return secret == null || secret.getData() == null ? new TreeMap<>() : new TreeMap<>(secret.getData());
    }

    private void write(Map<String, String> data) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(secretName(project))
                .withLabels(KubeNames.labels(project, "roro.io/role", "config")).endMetadata()
                .withType("Opaque").withData(data).build();
        ObjectWrites.createOrReplace(client, namespace, secret);
    }
}
