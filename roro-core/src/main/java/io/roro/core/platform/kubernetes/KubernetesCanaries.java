package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.roro.core.contract.Candidate;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.RuntimeMetrics;
import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.ShadowCounts;
import io.roro.core.platform.TrafficSample;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Canaries on a cluster, split by replicas: a second Deployment, {@code NAME-canary}, whose pods carry the service's
 * labels (so its Service sends them their part of the requests) and {@code roro.io/track: canary}. A canary of c
 * replicas beside R live ones answers c/(R+c) of the requests; the share asked for is the nearest such ratio, and
 * one further than 5 points from it is refused with the replicas it would take. Works on any cluster, without a
 * mesh or Gateway API; it cannot copy requests, so shadows stay on the Docker target. The canary Deployment is
 * created with no replicas and scaled up only once lineage has recorded it (its pods then pass their readiness
 * probe before the Service routes to them); promoting gives the live Deployment the canary's pod template.
 */
final class KubernetesCanaries {
    static final String TRACK = "roro.io/track";
    static final String SHARE = "roro.io/canary-share";
    static final String REPLICAS = "roro.io/canary-replicas";

    private final KubernetesClient client;
    private final KubernetesDeployer deployer;
    private final String namespace;
    private final Duration timeout;

    KubernetesCanaries(KubernetesClient client, KubernetesDeployer deployer, String namespace, Duration timeout) {
        this.client = client;
        this.deployer = deployer;
        this.namespace = namespace;
        this.timeout = timeout;
    }

    static String canaryName(String project, String service) {
        return KubeNames.name("roro", project, service, "canary");
    }

    /** The share a canary gets beside the live Deployment's replicas, or why the one asked for cannot be had. */
    int share(String project, String service, int asked) {
        int live = liveReplicas(project, service);
        int best = 1;
        for (int c = 1; c <= 100; c++) {
            if (Math.abs(percent(c, live) - asked) < Math.abs(percent(best, live) - asked)) {
                best = c;
            }
        }
        int share = percent(best, live);
        if (Math.abs(share - asked) > 5) {
            int needed = (int) Math.ceil(100.0 / asked) - 1;
            throw new PlatformException("a " + asked + "% canary splits by replicas on Kubernetes: beside "
                    + live + " live replica" + (live == 1 ? "" : "s") + " the nearest is " + best + " canary"
                    + " replica" + (best == 1 ? "" : "s") + " = " + share + "%; serve " + service + " with --replicas "
                    + needed + " first, or ask for --canary " + share);
        }
        return share;
    }

    private static int percent(int canary, int live) {
        return Math.round(100f * canary / (live + canary));
    }

    private int liveReplicas(String project, String service) {
        Deployment live = deployer.deployment(ServiceObjects.name(project, service)).orElseThrow(() ->
                new PlatformException("no Deployment " + ServiceObjects.name(project, service) + " in namespace "
                        + namespace + ": a canary runs beside a live one"));
        return live.getSpec().getReplicas() == null ? 1 : Math.max(1, live.getSpec().getReplicas());
    }

    /** The canary Deployment, created with no replicas; going live scales it to its share and waits for it. */
    Rollout start(ServiceObjects objects, String project, String service, Candidate candidate, Consumer<String> log) {
        if (candidate.mode() != Candidate.Mode.CANARY) {
            throw new PlatformException("a shadow needs each request copied, which a split by replicas cannot do;"
                    + " shadows run on the docker target (on a cluster: your mesh's mirroring)");
        }
        int live = liveReplicas(project, service);
        int replicas = (int) Math.max(1, Math.round(live * candidate.share() / (100.0 - candidate.share())));
        String name = canaryName(project, service);
        Deployment canary = canary(objects.deployment(), name, candidate.share(), replicas);
        liveCounts(project, service, log).keepOn(canary);
        deployer.put(canary);
        Runnable goLive = () -> {
            if (!deployer.scaleAndAwait(name, replicas, timeout)) {
                deployer.deleteDeployment(name);
                throw new PlatformException(name + " did not become available within " + timeout.toSeconds()
                        + " s; removed it");
            }
            log.accept(name + ": " + replicas + " canary replica" + (replicas == 1 ? "" : "s") + " beside " + live
                    + " live ones answer " + candidate.share() + "% of " + objects.endpoint());
        };
        return Rollout.live(objects.endpoint(), replicas, goLive, () -> deployer.deleteDeployment(name));
    }

    private static Deployment canary(Deployment stable, String name, int share, int replicas) {
        Deployment d = ProfilePods.SERIALIZATION.clone(stable);
        d.getMetadata().setName(name);
        d.getMetadata().getLabels().put(TRACK, "canary");
        d.getMetadata().getAnnotations().put(SHARE, Integer.toString(share));
        d.getMetadata().getAnnotations().put(REPLICAS, Integer.toString(replicas));
        d.getSpec().setReplicas(0); // until lineage has recorded it
        d.getSpec().getSelector().getMatchLabels().put(TRACK, "canary");
        d.getSpec().getTemplate().getMetadata().getLabels().put(TRACK, "canary");
        return KubernetesDeployer.hashed(d);
    }

    /** The live Deployment takes the canary's pod template (a rolling update), then the canary goes. */
    void promote(String project, String service, Consumer<String> log) {
        String name = canaryName(project, service);
        Deployment canary = deployer.deployment(name).orElseThrow(() -> new PlatformException("no Deployment "
                + name + " in namespace " + namespace + ": no canary to promote"));
        PodTemplateSpec template = ProfilePods.SERIALIZATION.clone(
                canary.getSpec().getTemplate());
        template.getMetadata().getLabels().remove(TRACK);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(KubeNames.MODEL_VERSION, canary.getMetadata().getAnnotations()
                .getOrDefault(KubeNames.MODEL_VERSION, "none"));
        // not a spec roro generated for the live Deployment: the next serve of this version applies its own
        annotations.put(KubeNames.SPEC_HASH, "promoted");
        String live = ServiceObjects.name(project, service);
        Deployment edited = client.apps().deployments().inNamespace(namespace).withName(live).edit(d -> {
            d.getSpec().setTemplate(template);
            d.getMetadata().getAnnotations().putAll(annotations);
            return d;
        });
        if (!deployer.awaitRollout(live, KubernetesDeployer.generation(edited), timeout)) {
            throw new PlatformException(live + " did not roll out the canary's pods within " + timeout.toSeconds()
                    + " s; " + name + " keeps answering its share");
        }
        deployer.deleteDeployment(name);
        log.accept(live + " runs the canary's pods; removed " + name);
    }

    void drop(String project, String service, Consumer<String> log) {
        String name = canaryName(project, service);
        deployer.deleteDeployment(name);
        log.accept("removed " + name + ": " + ServiceObjects.name(project, service) + " answers every request");
    }

    /** What the live pods have answered so far, as a canary starts; none when they cannot be read (said). */
    private CanaryBaseline liveCounts(String project, String service, Consumer<String> log) {
        Map<String, ServedCounts> byPod = new LinkedHashMap<>();
        try {
            for (String pod : pods(KubeNames.labels(project, KubeNames.SERVICE, service))) {
                byPod.put(pod, RuntimeMetrics.served(metrics(pod)));
            }
        } catch (PlatformException e) {
            log.accept("roro: the live side of " + service + "'s traffic counts from its pods' start: " + e.getMessage());
            return new CanaryBaseline(Map.of());
        }
        return new CanaryBaseline(byPod);
    }

    /**
     * Each pod's /metrics through the API server's proxy, live pods and canary pods apart; the live pods' counted
     * from the canary's start.
     */
    TrafficSample sample(String project, String service) {
        Map<String, String> labels = KubeNames.labels(project, KubeNames.SERVICE, service);
        Map<String, String> canaryLabels = new LinkedHashMap<>(labels);
        canaryLabels.put(TRACK, "canary");
        List<String> canaryPods = pods(canaryLabels);
        CanaryBaseline baseline = CanaryBaseline.of(deployer.deployment(canaryName(project, service)));
        ServedCounts live = ServedCounts.none();
        for (String pod : pods(labels)) {
            if (!canaryPods.contains(pod)) {
                live = live.plus(baseline.since(pod, RuntimeMetrics.served(metrics(pod))));
            }
        }
        ServedCounts canary = ServedCounts.none();
        for (String pod : canaryPods) {
            canary = canary.plus(RuntimeMetrics.served(metrics(pod)));
        }
        return new TrafficSample(live, canary, ShadowCounts.none());
    }

    /**
     * What an interrupted command left, put right to what lineage records: a canary Deployment lineage does not
     * list goes; one it lists that was never scaled up gets its replicas.
     */
    void putRight(String project, String service, Optional<Candidate> recorded, Consumer<String> log) {
        String name = canaryName(project, service);
        Optional<Deployment> canary = deployer.deployment(name);
        if (canary.isEmpty()) {
            return;
        }
        if (recorded.isEmpty()) {
            deployer.deleteDeployment(name);
            log.accept("roro: removed " + name + ", a canary lineage does not record (an interrupted command left it)");
            return;
        }
        Integer replicas = canary.get().getSpec().getReplicas();
        String wanted = canary.get().getMetadata().getAnnotations().get(REPLICAS);
        if ((replicas == null || replicas == 0) && wanted != null && wanted.matches("\\d{1,3}")) {
            client.apps().deployments().inNamespace(namespace).withName(name).scale(Integer.parseInt(wanted));
            log.accept("roro: " + name + " is recorded as " + recorded.get().describe() + "; scaled it to " + wanted
                    + " (an interrupted command had not)");
        }
    }

    private List<String> pods(Map<String, String> labels) {
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
    }

    /** Through the API server's pod proxy (what {@code kubectl get --raw} reads); empty when the pod does not answer. */
    private String metrics(String pod) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                + "/pods/" + pod + ":" + ServiceObjects.PORT + "/proxy/metrics";
        try {
            String text = client.raw(url);
            return text == null ? "" : text;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403) {
                // not "no requests": a judge that cannot read the canary's metrics must say so, not abort it
                throw new PlatformException("cannot read the metrics of pod " + pod
                        + " through the API server (HTTP " + e.getCode() + "): the service account needs get on"
                        + " pods/proxy in namespace " + namespace + " (jenkins-casc/kubernetes/rbac.yaml grants it)", e);
            }
            return ""; // a pod that does not answer (yet) has no requests to count
        }
    }
}
