package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --target} and the target's settings. The command chooses its platform here, once; everything after that
 * is the same for every target. The cluster is the one kubeconfig (or the pod's service account) points at, as
 * kubectl would use it; the image must be in a registry the cluster pulls from.
 */
final class TargetOptions {
    @Option(names = "--target", defaultValue = "docker",
            description = "docker (this machine's engine) or kubernetes (kubeconfig's cluster); default: $RORO_TARGET, else docker.")
    String target;
    @Option(names = "--namespace", defaultValue = "default",
            description = "Kubernetes namespace (default: $RORO_NAMESPACE, else default).")
    String namespace;
    @Option(names = "--registry", description = "Kubernetes: push the"
            + " project image here (e.g. registry.example.com/ml) and use that reference; default: $RORO_REGISTRY.")
    String registry;
    @Option(names = "--image", description = "Kubernetes: use this image reference as it is (already pushed).")
    String image;
    @Option(names = "--builder", defaultValue = "docker", description = "Kubernetes: docker"
            + " (build here, push to --registry) or kaniko (a Job builds the pushed commit in the cluster and pushes"
            + " to --registry; no Docker engine needed here); default: $RORO_BUILDER, else docker.")
    String builder;
    @Option(names = "--registry-secret", defaultValue = "roro-registry",
            description = "kaniko: docker-registry Secret with push rights (default: $RORO_REGISTRY_SECRET, else"
                    + " roro-registry).")
    String registrySecret;
    @Option(names = "--runtime-image", description = "kaniko: roro's runtime image as the cluster pulls it"
            + " (default: REGISTRY/roro-runtime-python:ROROVERSION, pushed once by whoever runs the cluster).")
    String runtimeImage;
    @Option(names = "--build-timeout", defaultValue = "1800", description = "kaniko: seconds the build Job may"
            + " take (default: ${DEFAULT-VALUE}).")
    int buildTimeout;
    @Option(names = "--agent-image", description = "Kubernetes: image with the roro CLI for init containers and"
            + " training Jobs (default: $RORO_AGENT_IMAGE, else REGISTRY/roro-agent:VERSION).")
    String agentImage;

    /** The chosen platform, lineage opened only when it is first needed. */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage) {
        return open(spec, lineage, Map.of());
    }

    /** @param more settings of the command itself (a rollout timeout) */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage, Map<String, String> more) {
        return open(spec, target, lineage, more, false);
    }

    /** A platform by name, for status questions (short timeouts, no retries): what {@code ps} asks. */
    static Platform openQuick(CommandSpec spec, String name, Map<String, String> settings, Supplier<Lineage> lineage) {
        return open(spec, name, settings, lineage, true);
    }

    private Platform open(CommandSpec spec, String name, Supplier<Lineage> lineage, Map<String, String> more,
            boolean quick) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "namespace", namespace);
        put(settings, "registry", registry);
        put(settings, "image", image);
        put(settings, "builder", builder);
        put(settings, "registrySecret", registrySecret);
        put(settings, "runtimeImage", runtimeImage);
        put(settings, "buildTimeout", Integer.toString(buildTimeout));
        put(settings, "agentImage", agentImage);
        settings.putAll(more);
        return open(spec, name, settings, lineage, quick);
    }

    private static Platform open(CommandSpec spec, String name, Map<String, String> settings,
            Supplier<Lineage> lineage, boolean quick) {
        try {
            return PlatformProvider.named(name).open(new PlatformContext(LineageAccess.home(),
                    LineageAccess.environment(), settings, lineage, quick));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void put(Map<String, String> settings, String name, String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }
}
