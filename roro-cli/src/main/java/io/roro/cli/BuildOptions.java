package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The target of a command that builds the project image or starts containers, with how images are built and
 * found on Kubernetes: the image must be in a registry the cluster pulls from.
 */
final class BuildOptions {
    @Mixin
    TargetOptions target;
    @Option(names = "--registry", description = "Kubernetes: push the project image here (e.g."
            + " registry.example.com/ml) and use that reference; default: $RORO_REGISTRY.")
    String registry;
    @Option(names = "--image", description = "Kubernetes: use this image reference as it is (already pushed).")
    String image;
    @Option(names = "--builder", defaultValue = "docker", description = "Kubernetes: docker (build here, push to"
            + " --registry), kaniko or buildkit (a Job builds the pushed commit in the cluster and pushes to"
            + " --registry, with Kaniko or BuildKit rootless; no Docker engine needed here); default: $RORO_BUILDER,"
            + " else docker.")
    String builder;
    @Option(names = "--builder-image", description = "kaniko or buildkit: the build tool's image, e.g. a mirror an"
            + " air-gapped cluster pulls (default: $RORO_BUILDER_IMAGE, else the tool's own: Kaniko's executor,"
            + " moby/buildkit:rootless).")
    String builderImage;
    @Option(names = "--registry-secret", defaultValue = "roro-registry", description = "kaniko: docker-registry"
            + " Secret with push rights (default: $RORO_REGISTRY_SECRET, else roro-registry).")
    String registrySecret;
    @Option(names = "--runtime-image", description = "kaniko: roro's runtime image as the cluster pulls it"
            + " (default: REGISTRY/roro-runtime-python:VERSION, pushed by scripts/build-images.sh).")
    String runtimeImage;
    @Option(names = "--build-timeout", defaultValue = "1800", description = "kaniko: seconds the build Job may"
            + " take (default: ${DEFAULT-VALUE}).")
    int buildTimeout;
    @Option(names = "--agent-image", description = "Kubernetes: image with the roro CLI for init containers and"
            + " training Jobs (default: $RORO_AGENT_IMAGE, else REGISTRY/roro-agent:VERSION).")
    String agentImage;

    Platform open(CommandSpec spec, Supplier<Lineage> lineage) {
        return open(spec, lineage, Map.of());
    }

    /** @param more settings of the command itself (a rollout timeout) */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "registry", registry);
        put(settings, "image", image);
        // RORO_BUILDER (the plugin's global setting) is a default for the target that builds in a cluster; only a
        // --builder typed on this command line is the user's choice that another target must refuse
        put(settings, spec.commandLine().getParseResult().hasMatchedOption("--builder") ? "builder"
                : "defaultBuilder", builder);
        put(settings, "registrySecret", registrySecret);
        put(settings, "builderImage", builderImage);
        put(settings, "runtimeImage", runtimeImage);
        put(settings, "buildTimeout", Integer.toString(buildTimeout));
        put(settings, "agentImage", agentImage);
        settings.putAll(more);
        return target.open(spec, lineage, settings);
    }

    private static void put(Map<String, String> settings, String name, String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }
}
