package io.roro.core.platform.kubernetes;

import io.roro.core.platform.PlatformSetting;
import io.roro.core.platform.PlatformSetting.Scope;
import java.util.List;
import java.util.Optional;

/** The settings the Kubernetes target takes, as the command line offers them ({@link PlatformSetting}). */
final class KubernetesOptions {
    static final List<PlatformSetting> ALL = List.of(
            PlatformSetting.of("namespace", "--namespace", "NAMESPACE", Optional.of("RORO_NAMESPACE"),
                    "Kubernetes namespace (default: $RORO_NAMESPACE, else default).", Scope.EVERY),
            PlatformSetting.of("registry", "--registry", "REGISTRY", Optional.of("RORO_REGISTRY"),
                    "Push the project image here (e.g. registry.example.com/ml) and use that reference; default:"
                            + " $RORO_REGISTRY.", Scope.BUILDS),
            PlatformSetting.of("image", "--image", "IMAGE", Optional.empty(),
                    "Use this image reference as it is (already pushed).", Scope.BUILDS),
            new PlatformSetting("builder", "--builder", "BUILDER", Optional.of("RORO_BUILDER"),
                    Optional.of("defaultBuilder"), "docker (build here, push to --registry), kaniko or buildkit (a"
                            + " Job builds the pushed commit in the cluster and pushes to --registry, with Kaniko or"
                            + " BuildKit rootless; no Docker engine needed here); default: $RORO_BUILDER, else"
                            + " docker.", Scope.BUILDS),
            PlatformSetting.of("builderImage", "--builder-image", "IMAGE", Optional.of("RORO_BUILDER_IMAGE"),
                    "kaniko or buildkit: the build tool's image, e.g. a mirror an air-gapped cluster pulls"
                            + " (default: $RORO_BUILDER_IMAGE, else the tool's own: Kaniko's executor,"
                            + " moby/buildkit:rootless).", Scope.BUILDS),
            PlatformSetting.of("registrySecret", "--registry-secret", "SECRET", Optional.of("RORO_REGISTRY_SECRET"),
                    "kaniko: docker-registry Secret with push rights (default: $RORO_REGISTRY_SECRET, else"
                            + " roro-registry).", Scope.BUILDS),
            PlatformSetting.of("runtimeImage", "--runtime-image", "IMAGE", Optional.empty(),
                    "kaniko: roro's runtime image as the cluster pulls it (default:"
                            + " REGISTRY/roro-runtime-python:VERSION, pushed by scripts/build-images.sh).",
                    Scope.BUILDS),
            PlatformSetting.of("buildTimeout", "--build-timeout", "SECONDS", Optional.empty(),
                    "kaniko: seconds the build Job may take (default: 1800).", Scope.BUILDS),
            PlatformSetting.of("agentImage", "--agent-image", "IMAGE", Optional.of("RORO_AGENT_IMAGE"),
                    "Image with the roro CLI for init containers and training Jobs (default: $RORO_AGENT_IMAGE,"
                            + " else REGISTRY/roro-agent:VERSION).", Scope.BUILDS),
            PlatformSetting.of("rolloutTimeout", "--rollout-timeout", "SECONDS", Optional.empty(),
                    "Seconds to wait for each service's rollout before rolling back (default: 300).",
                    Scope.ROLLOUTS));

    private KubernetesOptions() {
    }
}
