package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.RuntimeEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A notebook server as a Pod: Jupyter in the project image on the profile's pod spec, the dataset at /data and a
 * model version at /model fetched by init containers (as a training's are), config vars, listening on the pod's
 * own 127.0.0.1 only, so nothing but a port-forward reaches it. Its token is in a Secret of the same name, read as
 * JUPYTER_TOKEN: not in the pod spec, where anyone who may list pods would read it.
 */
final class NotebookPods {
    static final int PORT = 8888;
    static final String ROLE = "roro.io/role";

    private NotebookPods() {
    }

    static Map<String, String> labels(String project) {
        return KubeNames.labels(project, ROLE, "notebook");
    }

    static Secret token(KubernetesSettings settings, String name, String project, String token) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                .withLabels(labels(project)).endMetadata().withType("Opaque")
                .withStringData(Map.of("token", token)).build();
    }

    static Pod pod(KubernetesSettings settings, String name, NotebookRuntime.Launch launch, String image) {
        List<Container> init = new ArrayList<>();
        launch.dataset().ifPresent(d -> init.add(fetch(settings, "fetch-data", List.of("datasets", "fetch", d.id(),
                "--to", "/data"), "data", "/data")));
        launch.version().ifPresent(v -> init.add(fetch(settings, "fetch-model", List.of("versions", "fetch", v.id(),
                "--to", "/model"), "model", "/model")));
        Container jupyter = new ContainerBuilder().withName("notebook").withImage(image).withWorkingDir("/app")
                .withCommand("jupyter", "notebook", "--ip=127.0.0.1", "--port=" + PORT, "--port-retries=0",
                        "--no-browser", "--notebook-dir=/app", "--allow-root")
                .withEnv(TrainingJobs.env(RuntimeEnvironment.notebook(launch.version().map(v -> v.id()),
                        NotebookRuntime.PATHS)))
                .addToEnv(new EnvVarBuilder().withName("JUPYTER_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                                .withName(name).withKey("token").endSecretKeyRef().endValueFrom().build())
                .withEnvFrom(KubernetesConfigVars.envFrom(launch.project()))
                .withResources(ProfilePods.resources(launch.profile()))
                .withVolumeMounts(TrainingJobs.mount("data", "/data"), TrainingJobs.mount("model", "/model"))
                .build();
        PodSpecBuilder spec = new PodSpecBuilder().withRestartPolicy("Never").withInitContainers(init)
                .withContainers(jupyter)
                .withVolumes(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build(),
                        new VolumeBuilder().withName("model").withNewEmptyDir().endEmptyDir().build());
        ProfilePods.schedule(spec, launch.profile());
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                .withLabels(labels(launch.project()))
                .addToLabels(KubeNames.BUILD, KubeNames.labelValue(launch.build().id())).endMetadata()
                .withSpec(spec.build()).build();
    }

    private static Container fetch(KubernetesSettings settings, String name, List<String> args, String volume,
            String path) {
        return new ContainerBuilder().withName(name).withImage(settings.agentImage()).withCommand("roro")
                .withArgs(args)
                .withEnv(settings.lineageEnv())
                .withVolumeMounts(TrainingJobs.mount(volume, path)).build();
    }
}
