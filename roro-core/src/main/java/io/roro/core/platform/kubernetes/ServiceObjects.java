package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.spec.ResourceProfile;
import io.roro.core.spec.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service as Kubernetes objects (GA APIs only): an apps/v1 Deployment (rolling update that never drops below the
 * wanted replicas, probes on the health path, the profile's resources), a v1 Service, and an autoscaling/v2
 * HorizontalPodAutoscaler when the service autoscales. The model version reaches the pods through an init
 * container that fetches it from the artifact store and verifies every file's sha256. A service with
 * {@code ingress:} also gets a networking.k8s.io/v1 Ingress (prefix rule to the Service, TLS from the named Secret).
 */
public record ServiceObjects(Deployment deployment, Service service, Optional<HorizontalPodAutoscaler> autoscaler,
        Optional<Ingress> ingress, String endpoint) {
    public static final int PORT = 8080;

    /** The pod annotation that carries the version of the project's config vars Secret. */
    static final String CONFIG_VERSION = "roro.io/config-version";

    /**
     * The same objects, with the pods marked by the version of the project's config vars (the Secret's
     * resourceVersion, which says nothing of the values): changed vars roll the pods out like a new image would.
     */
    public ServiceObjects withConfigVersion(String version) {
        Deployment marked = new DeploymentBuilder(deployment).editSpec()
                .editTemplate().editMetadata().addToAnnotations(CONFIG_VERSION, version).endMetadata().endTemplate()
                .endSpec().build();
        return new ServiceObjects(marked, service, autoscaler, ingress, endpoint);
    }

    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(List.of(deployment, service));
        autoscaler.ifPresent(all::add);
        ingress.ifPresent(all::add);
        return all;
    }

    /** The name of a service's Deployment, Service, HPA and Ingress. */
    public static String name(String project, String service) {
        return KubeNames.name("roro", project, service);
    }

    public static ServiceObjects of(KubernetesSettings settings, String project, ServiceSpec spec, String image,
            String buildId, ResourceProfile profile, Optional<String> modelVersion) {
        String name = name(project, spec.name());
        Map<String, String> selector = KubeNames.labels(project, KubeNames.SERVICE, spec.name());
        Map<String, String> podLabels = new LinkedHashMap<>(selector);
        podLabels.put(KubeNames.BUILD, KubeNames.labelValue(buildId));
        modelVersion.ifPresent(v -> podLabels.put(KubeNames.MODEL_VERSION, KubeNames.labelValue(v)));

        // the Ingress passes its path on unchanged; the toolkit serves /PREFIX/batch as /batch
        List<EnvVar> env = TrainingJobs.env(RuntimeEnvironment.service(spec, modelVersion, "0.0.0.0:" + PORT, PORT,
                spec.ingress().map(ServiceSpec.Ingress::path)));
        ContainerBuilder server = new ContainerBuilder().withName("server").withImage(image)
                .withPorts(new ContainerPortBuilder().withName("http")
                        .withContainerPort(PORT).build())
                .withResources(ProfilePods.resources(profile))
                .withReadinessProbe(probe(spec.health(), spec.health().startPeriodSeconds() / 3))
                .withLivenessProbe(probe(spec.health(), spec.health().startPeriodSeconds()))
                .withVolumeMounts(TrainingJobs.mount("model", "/model"));
        if (spec.function().isPresent()) {
            server.withCommand("gunicorn", "-c", "/opt/roro/roro_runtime/gunicorn_conf.py", "roro_runtime.serve:app");
        } else {
            server.withCommand("sh", "-c", spec.command().orElseThrow());
            spec.directory().ifPresent(d -> server.withWorkingDir("/app/" + d));
        }
        server.withEnv(env).withEnvFrom(KubernetesConfigVars.envFrom(project));
        List<Container> init = new ArrayList<>();
        modelVersion.ifPresent(v -> init.add(new ContainerBuilder().withName("fetch-model")
                .withImage(settings.agentImage()).withCommand("roro")
                .withArgs("versions", "fetch", v, "--to", "/model")
                .withEnv(settings.lineageEnv())
                .withVolumeMounts(TrainingJobs.mount("model", "/model")).build()));
        PodSpecBuilder pod = new PodSpecBuilder().withInitContainers(init).withContainers(server.build())
                .withVolumes(new VolumeBuilder().withName("model").withNewEmptyDir().endEmptyDir().build())
                .withTerminationGracePeriodSeconds(30L);
        ProfilePods.schedule(pod, profile);

        int replicas = spec.autoscale().map(ServiceSpec.Autoscale::min).orElse(spec.replicas());
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace(settings.namespace()).withLabels(selector)
                .addToAnnotations(KubeNames.MODEL_VERSION, modelVersion.orElse("none")).endMetadata()
                .withNewSpec().withReplicas(replicas).withRevisionHistoryLimit(10)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate()
                .endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).endMetadata().withSpec(pod.build())
                .endTemplate().endSpec().build();
        Service service = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(settings.namespace())
                .withLabels(selector).endMetadata()
                .withNewSpec().withType(settings.serviceType()).withSelector(selector)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build();
        return new ServiceObjects(deployment, service, spec.autoscale().map(a -> autoscaler(settings, name,
                selector, a)), spec.ingress().map(i -> ingress(settings, name, selector, i)),
                // clients outside the cluster use the Ingress; inside it the Service's DNS name always works
                spec.ingress().map(ServiceSpec.Ingress::url)
                        .orElse("http://" + name + "." + settings.namespace() + ".svc.cluster.local/"));
    }

    private static Ingress ingress(KubernetesSettings settings, String name, Map<String, String> labels,
            ServiceSpec.Ingress ingress) {
        IngressBuilder builder = new IngressBuilder().withNewMetadata().withName(name)
                .withNamespace(settings.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withIngressClassName(ingress.className().orElse(null))
                .addNewRule().withHost(ingress.host()).withNewHttp().addNewPath().withPath(ingress.path())
                .withPathType("Prefix").withNewBackend().withNewService().withName(name).withNewPort()
                .withName("http").endPort().endService().endBackend().endPath().endHttp().endRule().endSpec();
        ingress.tlsSecret().ifPresent(secret -> builder.editSpec().addNewTl().withHosts(ingress.host())
                .withSecretName(secret).endTl().endSpec());
        return builder.build();
    }

    private static HorizontalPodAutoscaler autoscaler(KubernetesSettings settings, String name,
            Map<String, String> labels, ServiceSpec.Autoscale autoscale) {
        List<MetricSpec> metrics = new ArrayList<>();
        autoscale.cpuPercent().ifPresent(p -> metrics.add(resource("cpu", p)));
        autoscale.memoryPercent().ifPresent(p -> metrics.add(resource("memory", p)));
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name)
                .withNamespace(settings.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withMinReplicas(autoscale.min()).withMaxReplicas(autoscale.max())
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(name)
                .endScaleTargetRef().withMetrics(metrics).endSpec().build();
    }

    private static MetricSpec resource(String name, int percent) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName(name).withNewTarget()
                .withType("Utilization").withAverageUtilization(percent).endTarget().endResource().build();
    }

    private static Probe probe(ServiceSpec.HealthCheck health, int initialDelay) {
        return new ProbeBuilder().withNewHttpGet().withPath(health.path()).withPort(new IntOrString("http"))
                .endHttpGet().withInitialDelaySeconds(initialDelay).withPeriodSeconds(health.intervalSeconds())
                .withTimeoutSeconds(health.timeoutSeconds()).withFailureThreshold(3).build();
    }

    private static EnvVar env(String name, String value) {
        return TrainingJobs.env(name, value);
    }
}
