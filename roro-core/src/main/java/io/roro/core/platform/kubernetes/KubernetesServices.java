package io.roro.core.platform.kubernetes;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.ModelVersion;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServicePlan;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrafficSample;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Services as a Deployment + Service (+ HPA, Ingress) each: applied, then the rollout is waited for. A rollout that
 * never becomes available is rolled back to the previous pod template by {@link KubernetesDeployer}; objects carry
 * a hash of their spec, so an unchanged service changes nothing.
 */
final class KubernetesServices implements ServiceRuntime {
    private final KubernetesDeployer deployer;
    private final KubernetesSettings settings;
    private final Function<BuildVersion, String> imageFor;
    private final Duration rolloutTimeout;
    private final KubernetesCanaries canaries;

    KubernetesServices(KubernetesDeployer deployer, KubernetesSettings settings, Function<BuildVersion, String> imageFor,
            Duration rolloutTimeout, KubernetesCanaries canaries) {
        this.deployer = deployer;
        this.canaries = canaries;
        this.settings = settings;
        this.imageFor = imageFor;
        this.rolloutTimeout = rolloutTimeout;
    }

    /** Everything is in the objects, which need the image: nothing to do before it exists. */
    private record Prepared(ServicePlan plan) implements PreparedService {
    }

    /** Two rollouts of one service (two Jenkins builds on two agent pods) run one after the other. */
    @Override
    public Lock lock(String project, String service, Consumer<String> log) {
        return deployer.lock(project, service, log);
    }

    @Override
    public PreparedService prepare(ServicePlan plan, Consumer<String> log) {
        return new Prepared(plan);
    }

    @Override
    public Rollout rollOut(PreparedService prepared, BuildVersion build, Consumer<String> log) {
        ServicePlan plan = prepared.plan();
        ServiceObjects objects = objects(plan, build, imageFor.apply(build));
        ApplyOutcome applied = deployer.apply(objects, rolloutTimeout);
        String endpoint = objects.endpoint();
        int replicas = objects.deployment().getSpec().getReplicas();
        return switch (applied.outcome()) {
            case UNCHANGED -> Rollout.unchanged(endpoint, replicas);
            case ROLLED_OUT -> Rollout.live(endpoint, replicas, () -> { }, () -> { });
            case ROLLED_BACK -> Rollout.notLive(endpoint, replicas, "did not roll out", applied.message(), true);
            default -> Rollout.notLive(endpoint, replicas, "did not roll out", applied.message(), false);
        };
    }

    @Override
    public int canaryShare(String project, String service, int asked) {
        return canaries.share(project, service, asked);
    }

    @Override
    public Rollout rollOutCandidate(PreparedService prepared, BuildVersion build,
            Candidate candidate, Consumer<String> log) {
        ServicePlan plan = prepared.plan();
        return canaries.start(objects(plan, build, imageFor.apply(build)), plan.project(), plan.service().name(),
                candidate, log);
    }

    @Override
    public void promote(String project, String service, Consumer<String> log) {
        canaries.promote(project, service, log);
    }

    @Override
    public void dropCandidate(String project, String service, Consumer<String> log) {
        canaries.drop(project, service, log);
    }

    @Override
    public TrafficSample sample(String project, String service) {
        return canaries.sample(project, service);
    }

    private ServiceObjects objects(ServicePlan plan, BuildVersion build, String image) {
        return ServiceObjects.of(settings, plan.project(), plan.service(), image, build.id(),
                plan.spec().profile(plan.service().profile()), plan.version().map(ModelVersion::id))
                .withConfigVersion(deployer.configVersion(plan.project()));
    }

    @Override
    public void stop(String project, String service) {
        deployer.deleteService(project, service);
        deployer.deleteDeployment(KubernetesCanaries.canaryName(project, service));
    }

    @Override
    public Map<String, Integer> ready(String project, List<Deployment> deployments,
            Consumer<String> log) {
        Map<String, Integer> ready = new TreeMap<>();
        try {
            // a service without its Deployment there is one the cluster cannot tell about
            for (Deployment d : deployments) {
                canaries.putRight(project, d.service(), d.candidate().filter(c -> d.isLive()), log);
                deployer.readyReplicas(project, d.service()).ifPresent(n -> ready.put(d.service(), n));
            }
        } catch (RuntimeException e) {
            ready.clear(); // no answer: READY says "?"
        }
        return ready;
    }

    @Override
    public void logs(String project, String service, int tail, boolean follow, Consumer<String> out) {
        if (follow) {
            throw new IllegalArgumentException("--follow is for the Docker target; on a cluster:"
                    + " kubectl logs -f -l roro.io/project=" + project + ",roro.io/service=" + service
                    + " -c server -n " + settings.namespace());
        }
        List<String> logs = deployer.serviceLogs(project, service, tail);
        if (logs.isEmpty()) {
            throw new PlatformException("no pods for service " + service + " of " + project
                    + " in namespace " + settings.namespace());
        }
        logs.forEach(log -> log.lines().forEach(out));
    }
}
