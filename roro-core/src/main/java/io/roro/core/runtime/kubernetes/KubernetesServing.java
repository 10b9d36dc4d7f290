package io.roro.core.runtime.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.DeploymentChange;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.DeploymentEventType;
import io.roro.core.lineage.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.Origin;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServedVersions;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * Serving on the Kubernetes target with lineage: apply the service's objects, wait for the rollout, and record
 * what is live. A rollout that never becomes available is rolled back to the previous pod template and recorded as
 * ROLLED_BACK (the old version still serves); an unchanged spec records nothing, because nothing changed.
 */
public final class KubernetesServing {
    private final KubernetesDeployer deployer;
    private final KubernetesSettings settings;
    private final Lineage lineage;
    private final Duration rolloutTimeout;

    public KubernetesServing(KubernetesClient client, KubernetesSettings settings, Lineage lineage,
            Duration rolloutTimeout) {
        this(new KubernetesDeployer(client, settings.namespace()), settings, lineage, rolloutTimeout);
    }

    KubernetesServing(KubernetesDeployer deployer, KubernetesSettings settings, Lineage lineage,
            Duration rolloutTimeout) {
        this.deployer = deployer;
        this.settings = settings;
        this.lineage = lineage;
        this.rolloutTimeout = rolloutTimeout;
    }

    /**
     * This cluster as a deploy's target: each build's image is made pullable once ({@code imageFor}: pushed from
     * here, or already in the registry) however many services run it.
     */
    public io.roro.core.deploy.ServiceTarget target(java.util.function.Function<BuildVersion, String> imageFor) {
        java.util.Map<String, String> images = new java.util.concurrent.ConcurrentHashMap<>();
        return (spec, service, version, build, origin, log) -> serve(spec, service, version, build,
                images.computeIfAbsent(build.id(), id -> imageFor.apply(build)), origin);
    }

    /**
     * @param image the project image as the cluster pulls it (a registry reference)
     * @return the deployment's current event: new when something changed
     */
    public Optional<DeploymentEvent> serve(ProjectSpec spec, String serviceName, Optional<String> requested,
            BuildVersion build, String image, Origin origin) {
        ServiceSpec service = spec.service(serviceName).orElseThrow(() -> new ServeException("no service '"
                + serviceName + "' in " + spec.project()));
        Optional<ModelVersion> version = ServedVersions.resolve(lineage.store(), service, requested);
        ServiceObjects objects = ServiceObjects.of(settings, spec.project(), service, image, build.id(),
                spec.profile(service.profile()), version.map(ModelVersion::id))
                .withConfigVersion(deployer.configVersion(spec.project()));
        Optional<Deployment> before = lineage.deployments().deployment(spec.project(), serviceName);
        Rollout rollout = deployer.apply(objects, rolloutTimeout);
        String endpoint = objects.endpoint();
        int replicas = objects.deployment().getSpec().getReplicas();
        switch (rollout.outcome()) {
            case UNCHANGED:
                return Optional.empty();
            case ROLLED_OUT:
                return Optional.of(lineage.deployments().record(new DeploymentChange(spec.project(), serviceName,
                        DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, version.map(ModelVersion::id),
                        Optional.of(build.id()), replicas, service.profile(), "kubernetes", Optional.of(endpoint),
                        Optional.empty(), origin)));
            case ROLLED_BACK:
                lineage.deployments().record(new DeploymentChange(spec.project(), serviceName,
                        DeploymentEventType.ROLLED_BACK, DeploymentState.RUNNING,
                        before.flatMap(Deployment::modelVersion), before.flatMap(Deployment::buildVersion),
                        before.map(Deployment::replicas).orElse(replicas), service.profile(), "kubernetes",
                        Optional.of(endpoint), Optional.of(rollout.message()), origin));
                throw new ServeException(version.map(ModelVersion::id).orElse("build " + build.tag())
                        + " did not roll out; " + serviceName + " still serves "
                        + before.flatMap(Deployment::modelVersion).orElse("the previous version") + ". "
                        + rollout.message());
            default:
                lineage.deployments().record(new DeploymentChange(spec.project(), serviceName,
                        DeploymentEventType.FAILED, DeploymentState.FAILED, version.map(ModelVersion::id),
                        Optional.of(build.id()), 0, service.profile(), "kubernetes", Optional.of(endpoint),
                        Optional.of(rollout.message()), origin));
                throw new ServeException(rollout.message());
        }
    }
}
