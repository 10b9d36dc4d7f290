package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.Optional;

/**
 * The tool that builds a project image in the cluster from the staged context ({@code /workspace/context}, roro's
 * Dockerfile as {@code .roro.Dockerfile}) and pushes it, leaving the image's digest as its container's termination
 * message: Kaniko, or BuildKit rootless ({@code buildctl-daemonless.sh}: maintained, no root, the daemon in the
 * container). Its image is a setting, so an air-gapped cluster uses its own mirror.
 */
public enum ClusterBuilder {
    KANIKO("kaniko", "gcr.io/kaniko-project/executor:v1.23.2"),
    BUILDKIT("buildkit", "moby/buildkit:rootless");

    private final String name;
    private final String defaultImage;

    ClusterBuilder(String name, String defaultImage) {
        this.name = name;
        this.defaultImage = defaultImage;
    }

    /** The tool of a --builder value: kaniko or buildkit; empty for docker (built outside the cluster). */
    public static Optional<ClusterBuilder> named(String builder) {
        for (ClusterBuilder b : values()) {
            if (b.name.equals(builder)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** What {@code --builder} calls it. */
    public String setting() {
        return name;
    }

    /** The build container's name: where its termination message (the digest) is read. */
    public String containerName() {
        return name;
    }

    public String defaultImage() {
        return defaultImage;
    }

    /** The build container, pushing to {@code destination} with the docker config of the {@code registry} volume. */
    Container container(Optional<String> image, String destination) {
        ContainerBuilder c = new ContainerBuilder().withName(name).withImage(image.orElse(defaultImage));
        if (this == KANIKO) {
            return c.withArgs("--context=dir:///workspace/context", "--dockerfile=/workspace/context/.roro.Dockerfile",
                    "--destination=" + destination, "--cache=true", "--digest-file=/dev/termination-log")
                    .withVolumeMounts(TrainingJobs.mount("workspace", "/workspace"),
                            TrainingJobs.mount("registry", "/kaniko/.docker")).build();
        }
        // BuildKit's rootless example (examples/kubernetes/job.rootless.yaml): uid 1000, no process sandbox, and no
        // seccomp or AppArmor profile in the way of its user namespace; the digest from its metadata file
        String script = "buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=/workspace/context"
                + " --local dockerfile=/workspace/context --opt filename=.roro.Dockerfile"
                + " --output \"type=image,name=$RORO_DESTINATION,push=true\" --metadata-file /tmp/metadata.json"
                + " && sed -n 's/.*\"containerimage.digest\": *\"\\(sha256:[0-9a-f]*\\)\".*/\\1/p' /tmp/metadata.json"
                + " > /dev/termination-log";
        return c.withCommand("sh", "-c", script)
                .withEnv(TrainingJobs.env("RORO_DESTINATION", destination),
                        TrainingJobs.env("BUILDKITD_FLAGS", "--oci-worker-no-process-sandbox"),
                        TrainingJobs.env("DOCKER_CONFIG", "/home/user/.docker"))
                .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(1000L)
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile()
                .withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile().endSecurityContext()
                .withVolumeMounts(TrainingJobs.mount("workspace", "/workspace"),
                        TrainingJobs.mount("registry", "/home/user/.docker")).build();
    }
}
