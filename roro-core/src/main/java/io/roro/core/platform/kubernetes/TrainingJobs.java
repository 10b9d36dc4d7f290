package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.spec.ResourceProfile;
import io.roro.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training as a batch/v1 Job. The pod runs, in order: fetch the dataset (init, roro CLI), train (init, the
 * project image and the task's profile), then {@code roro train finish} (the roro CLI): record the training
 * FINISHED and publish its output as a model version. A failed step fails the pod and the Job (backoffLimit 0: a
 * training is not silently retried), and whoever follows the Job records it FAILED with Kubernetes' reason.
 */
public final class TrainingJobs {

    private TrainingJobs() {
    }

    /**
     * @param trainingName the training's name, e.g. {@code retrain-7}
     * @param dataset      dataset version id {@code model:name:version} to mount, if any
     */
    public static Job job(KubernetesSettings settings, String project, String trainingName, TaskSpec task,
            String image, String buildId, ResourceProfile profile, Map<String, Object> params,
            Optional<String> dataset) {
        return job(settings, project, trainingName, task, image, buildId, profile, params, dataset, Optional.empty());
    }

    /**
     * @param pretrained a model version to start from (fine-tuning; `roro run --version`), fetched to /pretrained
     *                   (RORO_PRETRAINED_DIR, and RORO_MODEL_DIR as the runtime sets it)
     */
    public static Job job(KubernetesSettings settings, String project, String trainingName, TaskSpec task,
            String image, String buildId, ResourceProfile profile, Map<String, Object> params,
            Optional<String> dataset, Optional<String> pretrained) {
        String name = KubeNames.name("roro-train", project, trainingName);
        Map<String, String> labels = KubeNames.labels(project, KubeNames.TRAINING, trainingName);
        labels.put(KubeNames.BUILD, KubeNames.labelValue(buildId));
        List<Container> init = new ArrayList<>();
        dataset.ifPresent(d -> init.add(roro(settings, "fetch-data", List.of("datasets", "fetch", d, "--to", "/data"))));
        pretrained.ifPresent(v -> init.add(new ContainerBuilder(roro(settings, "fetch-model", List.of("versions",
                "fetch", v, "--to", "/pretrained"))).withVolumeMounts(mount("pretrained", "/pretrained")).build()));
        List<EnvVar> env = env(RuntimeEnvironment.training(task, params, dataset, pretrained.map(v -> "/pretrained")));
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("output", "/output"), mount("data", "/data")));
        pretrained.ifPresent(v -> mounts.add(mount("pretrained", "/pretrained")));
        init.add(new ContainerBuilder().withName("train").withImage(image)
                .withCommand("python3", "-m", "roro_runtime.train").withEnv(env)
                .withEnvFrom(KubernetesConfigVars.envFrom(project))
                .withResources(ProfilePods.resources(profile))
                .withVolumeMounts(mounts).build());
        // records the end (metrics from /output/metrics.json) and publishes the output as a model version
        Container main = roro(settings, "finish", List.of("train", "finish", project + ":" + trainingName,
                "--output", "/output"));
        PodSpecBuilder pod = new PodSpecBuilder().withRestartPolicy("Never").withInitContainers(init)
                .withContainers(main)
                .withVolumes(new VolumeBuilder().withName("output").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
        pretrained.ifPresent(v -> pod.addNewVolume().withName("pretrained").withNewEmptyDir().endEmptyDir().endVolume());
        ProfilePods.schedule(pod, profile);
        return new JobBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                .withLabels(labels).endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withActiveDeadlineSeconds((long) task.timeoutMinutes() * 60)
                .withTtlSecondsAfterFinished(7 * 24 * 3600)
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(pod.build())
                .endTemplate().endSpec().build();
    }

    private static Container roro(KubernetesSettings settings, String name, List<String> args) {
        return new ContainerBuilder().withName(name).withImage(settings.agentImage())
                .withCommand("roro").withArgs(args)
                .withEnv(settings.lineageEnv())
                .withVolumeMounts(mount("output", "/output"), mount("data", "/data")).build();
    }

    /** A runtime environment as a container's env, in its order. */
    static List<EnvVar> env(RuntimeEnvironment environment) {
        List<EnvVar> env = new ArrayList<>();
        environment.forEach((name, value) -> env.add(env(name, value)));
        return env;
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }
}
