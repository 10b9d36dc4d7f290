package io.roro.core.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;

/**
 * A project image built inside the cluster, where pods have no Docker daemon: a batch/v1 Job whose init container
 * (the roro agent image) clones the project and stages the same build context roro builds locally
 * ({@code roro build-context}), and whose main container is Kaniko, pushing to the registry with the credentials
 * of a docker-registry Secret.
 */
public final class KanikoBuilds {
    public static final String KANIKO_IMAGE = "gcr.io/kaniko-project/executor:v1.23.2";

    private KanikoBuilds() {
    }

    /**
     * @param gitUrl       the project's repository (credentials, if any, come from the agent image's git config)
     * @param gitRef       branch, tag or commit to build
     * @param runtimeImage roro's runtime image in a registry the cluster pulls from
     * @param destination  the image to push, e.g. {@code registry.example.com/ml/credit-risk:abc123}
     * @param registrySecret a Secret of type kubernetes.io/dockerconfigjson with push rights
     */
    public static Job job(KubernetesSettings settings, String project, String gitUrl, String gitRef,
            String runtimeImage, String destination, String registrySecret) {
        String tag = destination.substring(destination.lastIndexOf(':') + 1);
        String name = KubeNames.name("roro-build", project, KubeNames.labelValue(tag).toLowerCase()
                .replaceAll("[^a-z0-9-]", "-"));
        Map<String, String> labels = KubeNames.labels(project, KubeNames.BUILD, tag);
        String script = "git clone --quiet \"$RORO_GIT_URL\" /workspace/src && cd /workspace/src"
                + " && git checkout --quiet \"$RORO_GIT_REF\""
                + " && roro build-context -C /workspace/src --to /workspace/context --runtime-image \"$RORO_RUNTIME\"";
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                .withLabels(labels).endMetadata()
                .withNewSpec().withBackoffLimit(0).withActiveDeadlineSeconds(3600L)
                .withTtlSecondsAfterFinished(24 * 3600)
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .withInitContainers(new ContainerBuilder().withName("context").withImage(settings.agentImage())
                        .withCommand("sh", "-c", script)
                        .withEnv(TrainingJobs.env("RORO_GIT_URL", gitUrl), TrainingJobs.env("RORO_GIT_REF", gitRef),
                                TrainingJobs.env("RORO_RUNTIME", runtimeImage), TrainingJobs.env("HOME", "/tmp"))
                        .withVolumeMounts(TrainingJobs.mount("workspace", "/workspace")).build())
                .withContainers(new ContainerBuilder().withName("kaniko").withImage(KANIKO_IMAGE)
                        .withArgs("--context=dir:///workspace/context",
                                "--dockerfile=/workspace/context/.roro.Dockerfile",
                                "--destination=" + destination, "--cache=true")
                        .withVolumeMounts(TrainingJobs.mount("workspace", "/workspace"),
                                TrainingJobs.mount("registry", "/kaniko/.docker"))
                        .build())
                .withVolumes(new VolumeBuilder().withName("workspace").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("registry").withNewSecret().withSecretName(registrySecret)
                                .addNewItem().withKey(".dockerconfigjson").withPath("config.json").endItem()
                                .endSecret().build())
                .endSpec().endTemplate().endSpec().build();
    }
}
