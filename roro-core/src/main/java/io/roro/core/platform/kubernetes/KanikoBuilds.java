package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import java.util.Optional;

/**
 * A project image built inside the cluster, where pods have no Docker daemon: a batch/v1 Job whose init container
 * (the roro agent image) clones the project and stages the same build context roro builds locally
 * ({@code roro build-context}), and whose main container is Kaniko, pushing to the registry with the credentials
 * of a docker-registry Secret. Kaniko writes the pushed image's digest to the container's termination message,
 * where the builder reads it back for the build version.
 */
public final class KanikoBuilds {
    public static final String KANIKO_IMAGE = ClusterBuilder.KANIKO.defaultImage();

    private KanikoBuilds() {
    }

    /** The Secret with the git credentials of private repositories (jenkins-casc's secrets.yaml: roro-git). */
    static final String GIT_SECRET = "roro-git";

    private static EnvVar gitSecret(String name, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom()
                .withNewSecretKeyRef().withName(GIT_SECRET).withKey(key).withOptional(true).endSecretKeyRef()
                .endValueFrom().build();
    }

    /**
     * @param gitUrl       the project's repository (a private one: cloned with the Secret roro-git's username and
     *                     token when it exists)
     * @param gitRef       branch, tag or commit to build
     * @param subdirectory where the project is inside the repository ({@code ""} at the top, else {@code "a/b/"})
     * @param runtimeImage roro's runtime image in a registry the cluster pulls from
     * @param destination  the image to push, e.g. {@code registry.example.com/ml/credit-risk:abc123}
     * @param registrySecret a Secret of type kubernetes.io/dockerconfigjson with push rights
     */
    public static Job job(KubernetesSettings settings, String project, String gitUrl, String gitRef,
            String subdirectory, String runtimeImage, String destination, String registrySecret) {
        return job(settings, project, gitUrl, gitRef, subdirectory, runtimeImage, destination, registrySecret,
                ClusterBuilder.KANIKO, Optional.empty());
    }

    /** @param tool the build tool, {@code image} its image when not the tool's default (a mirror) */
    public static Job job(KubernetesSettings settings, String project, String gitUrl, String gitRef,
            String subdirectory, String runtimeImage, String destination, String registrySecret, ClusterBuilder tool,
            Optional<String> image) {
        if (!subdirectory.matches("([A-Za-z0-9._-]+/)*") || subdirectory.contains("../")) {
            throw new IllegalArgumentException("'" + subdirectory + "' is not a directory inside the repository");
        }
        String tag = destination.substring(destination.lastIndexOf(':') + 1);
        // a new name per attempt (the API server appends 5 characters): a retried build must not meet the old Job
        String name = KubeNames.generateName("roro-build", project, KubeNames.labelValue(tag).toLowerCase()
                .replaceAll("[^a-z0-9-]", "-"));
        Map<String, String> labels = KubeNames.labels(project, KubeNames.BUILD, tag);
        // a private repository: the Secret roro-git's username and token, through a credential helper that reads
        // them from the environment (never on a command line or in the clone's .git/config)
        String script = "set --; if [ -n \"$RORO_GIT_TOKEN\" ]; then set -- -c 'credential.helper=!f() {"
                + " echo username=${RORO_GIT_USERNAME:-git}; echo password=$RORO_GIT_TOKEN; }; f'; fi;"
                + " git \"$@\" clone --quiet \"$RORO_GIT_URL\" /workspace/src && cd /workspace/src"
                + " && git checkout --quiet \"$RORO_GIT_REF\""
                + " && roro build-context -C \"/workspace/src/$RORO_PROJECT_DIR\" --to /workspace/context"
                + " --runtime-image \"$RORO_RUNTIME\"";
        return new JobBuilder().withNewMetadata().withGenerateName(name).withNamespace(settings.namespace())
                .withLabels(labels).endMetadata()
                .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(3600L)
                .withTtlSecondsAfterFinished(24 * 3600)
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .withInitContainers(new ContainerBuilder().withName("context").withImage(settings.agentImage())
                        .withCommand("sh", "-c", script)
                        .withEnv(TrainingJobs.env("RORO_GIT_URL", gitUrl), TrainingJobs.env("RORO_GIT_REF", gitRef),
                                TrainingJobs.env("RORO_PROJECT_DIR", subdirectory),
                                TrainingJobs.env("RORO_RUNTIME", runtimeImage), TrainingJobs.env("HOME", "/tmp"),
                                gitSecret("RORO_GIT_USERNAME", "username"), gitSecret("RORO_GIT_TOKEN", "token"))
                        .withVolumeMounts(TrainingJobs.mount("workspace", "/workspace")).build())
                .withContainers(tool.container(image, destination))
                .withVolumes(new VolumeBuilder().withName("workspace").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("registry").withNewSecret().withSecretName(registrySecret)
                                .addNewItem().withKey(".dockerconfigjson").withPath("config.json").endItem()
                                .endSecret().build())
                .endSpec().endTemplate().endSpec().build();
    }
}
