package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.roro.core.platform.ServiceRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies roro's objects to a cluster and follows them. Objects carry a hash of their own spec, so re-applying an
 * unchanged spec changes nothing (no new ReplicaSet, no restart). Uses create-or-update (no server-side apply and no
 * strategic merge patch, which not every API server or test server supports).
 */
public final class KubernetesDeployer {
    private final KubernetesClient client;
    private final String namespace;
    private final Duration pollInterval;

    public KubernetesDeployer(KubernetesClient client, String namespace) {
        this(client, namespace, Duration.ofSeconds(2));
    }

    KubernetesDeployer(KubernetesClient client, String namespace, Duration pollInterval) {
        this.client = client;
        this.namespace = namespace;
        this.pollInterval = pollInterval;
    }

    /** The service's rollout lock on the cluster (a Lease), waited for while another rollout holds it. */
    ServiceRuntime.Lock lock(String project, String service,
            Consumer<String> log) {
        return new ServiceLease(client, namespace, pollInterval).lock(project, service, log);
    }

    /**
     * The recent log of every pod of a service (its server container), each headed by the pod's name; empty when
     * the service has no pods.
     */
    public List<String> serviceLogs(String project, String service, int tailLines) {
        List<String> logs = new ArrayList<>();
        var pods = client.pods().inNamespace(namespace).withLabels(KubeNames.labels(project, KubeNames.SERVICE,
                service)).list().getItems();
        for (var pod : pods) {
            String log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                    .inContainer("server").tailingLines(tailLines).getLog();
            logs.add("== " + pod.getMetadata().getName() + "\n" + (log == null ? "" : log));
        }
        return logs;
    }

    /** The resourceVersion of the project's config vars Secret, or "none" while it has none. */
    public String configVersion(String project) {
        var secret = client.secrets().inNamespace(namespace).withName(KubernetesConfigVars.secretName(project)).get();
        return secret == null ? "none" : secret.getMetadata().getResourceVersion();
    }

    /** How many pods of a service's Deployment are ready now; empty when there is no such Deployment. */
    public Optional<Integer> readyReplicas(String project, String service) {
        var deployment = client.apps().deployments().inNamespace(namespace)
                .withName(ServiceObjects.name(project, service)).get();
        if (deployment == null) {
            return Optional.empty();
        }
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return Optional.of(ready == null ? 0 : ready);
    }

    /** Removes a service's Deployment (its pods with it), Service, autoscaler and Ingress. */
    public void deleteService(String project, String service) {
        String name = ServiceObjects.name(project, service);
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
        client.services().inNamespace(namespace).withName(name).delete();
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name).delete();
        client.network().v1().ingresses().inNamespace(namespace).withName(name).delete();
    }

    /**
     * Applies a service and waits until the Deployment has rolled out; on timeout restores the previous pod
     * template (the ReplicaSet that served before) and reports ROLLED_BACK.
     */
    public ApplyOutcome apply(ServiceObjects objects, Duration timeout) {
        Deployment desired = hashed(objects.deployment());
        String name = desired.getMetadata().getName();
        Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
        ObjectWrites.createOrReplace(client, namespace, hashed(objects.service()));
        objects.autoscaler().ifPresentOrElse(
                hpa -> ObjectWrites.createOrReplace(client, namespace, hashed(hpa)),
                () -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace).withName(name)
                        .delete());
        objects.ingress().ifPresentOrElse(
                ingress -> ObjectWrites.createOrReplace(client, namespace, hashed(ingress)),
                () -> client.network().v1().ingresses().inNamespace(namespace).withName(name).delete());
        if (current != null && Objects.equals(hash(current), hash(desired))) {
            return new ApplyOutcome(ApplyOutcome.Outcome.UNCHANGED, name + " already runs this spec");
        }
        if (current != null && objects.autoscaler().isPresent() && current.getSpec().getReplicas() != null) {
            desired.getSpec().setReplicas(current.getSpec().getReplicas()); // the autoscaler owns the count
        }
        Deployment applied = ObjectWrites.createOrReplace(client, namespace, desired);
        if (awaitRollout(name, generation(applied), timeout)) {
            return new ApplyOutcome(ApplyOutcome.Outcome.ROLLED_OUT, name + " rolled out");
        }
        String reason = name + " did not become available within " + timeout.toSeconds() + " s"
                + conditionMessage(name).map(m -> ": " + m).orElse("");
        if (current == null) {
            return new ApplyOutcome(ApplyOutcome.Outcome.FAILED, reason);
        }
        PodTemplateSpec previous = current.getSpec().getTemplate();
        client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
            d.getSpec().setTemplate(previous);
            d.getMetadata().getAnnotations().put(KubeNames.SPEC_HASH, hash(current));
            d.getMetadata().getAnnotations().put(KubeNames.MODEL_VERSION,
                    current.getMetadata().getAnnotations().getOrDefault(KubeNames.MODEL_VERSION, "none"));
            return d;
        });
        return new ApplyOutcome(ApplyOutcome.Outcome.ROLLED_BACK, reason + "; restored the previous version");
    }

    public Optional<Deployment> deployment(String name) {
        return Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(name).get());
    }

    /** Creates or replaces a Deployment of its own (a canary's), without waiting for it. */
    public void put(Deployment deployment) {
        ObjectWrites.createOrReplace(client, namespace, deployment);
    }

    /** Scales a Deployment and waits until every replica is available; false when they were not in time. */
    public boolean scaleAndAwait(String name, int replicas, Duration timeout) {
        Deployment scaled = client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas);
        return awaitRollout(name, generation(scaled), timeout);
    }

    public void deleteDeployment(String name) {
        client.apps().deployments().inNamespace(namespace).withName(name).delete();
    }

    public void scale(String deployment, int replicas) {
        client.apps().deployments().inNamespace(namespace).withName(deployment).scale(replicas);
    }

    /** Removes a service's Deployment, Service, autoscaler and Ingress. */
    public void delete(ServiceObjects objects) {
        objects.all().forEach(o -> client.resource(o).inNamespace(namespace).delete());
    }

    public Job startJob(Job job) {
        return client.resource(job).inNamespace(namespace).create();
    }

    /** A Job's state (a training or an image build): RUNNING until it succeeds or fails (with the reason Kubernetes gives). */
    public JobState jobState(String jobName) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        if (job == null) {
            return new JobState(JobState.Phase.MISSING, "job " + jobName + " does not exist");
        }
        JobStatus status = job.getStatus();
        if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
            return new JobState(JobState.Phase.SUCCEEDED, "");
        }
        if (status != null && status.getFailed() != null && status.getFailed() > 0) {
            String reason = Optional.ofNullable(status.getConditions()).flatMap(c -> c.stream()
                    .filter(x -> "Failed".equals(x.getType())).findFirst())
                    .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                    .orElse("the training pod failed");
            return new JobState(JobState.Phase.FAILED, reason);
        }
        return new JobState(JobState.Phase.RUNNING, "");
    }

    /**
     * The log of a Job's pod, every container in order (e.g. fetch, train, finish), or empty when the pod is
     * gone (ttl) or the API server cannot give it.
     */
    public Optional<String> jobLog(String jobName) {
        try {
            var pods = client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
            if (pods.isEmpty()) {
                return Optional.empty();
            }
            var pod = pods.get(pods.size() - 1);
            StringBuilder log = new StringBuilder();
            List<Container> containers = new ArrayList<>(
                    pod.getSpec().getInitContainers());
            containers.addAll(pod.getSpec().getContainers());
            for (var container : containers) {
                log.append("== ").append(container.getName()).append('\n');
                log.append(client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                        .inContainer(container.getName()).getLog());
            }
            return Optional.of(log.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What a finished container of a Job's pod wrote to its termination message (e.g. Kaniko's image digest,
     * written with {@code --digest-file=/dev/termination-log}).
     */
    public Optional<String> terminationMessage(String jobName, String container) {
        return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems().stream()
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .filter(c -> container.equals(c.getName()) && c.getState() != null
                        && c.getState().getTerminated() != null && c.getState().getTerminated().getMessage() != null)
                .map(c -> c.getState().getTerminated().getMessage().trim()).reduce((first, last) -> last);
    }

    public void deleteJob(String jobName) {
        client.batch().v1().jobs().inNamespace(namespace).withName(jobName).withPropagationPolicy(
                DeletionPropagation.BACKGROUND).delete();
    }

    boolean awaitRollout(String name, long generation, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (d != null && rolledOut(d, generation)) {
                return true;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** kubectl's rule: the controller saw this generation, and every wanted replica is updated and available. */
    static boolean rolledOut(Deployment d, long generation) {
        DeploymentStatus s = d.getStatus();
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
                && value(s.getUpdatedReplicas()) >= wanted && value(s.getAvailableReplicas()) >= wanted
                && value(s.getUnavailableReplicas()) == 0;
    }

    private Optional<String> conditionMessage(String name) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null || d.getStatus() == null || d.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return d.getStatus().getConditions().stream().filter(c -> "False".equals(c.getStatus()))
                .map(c -> c.getType() + " " + c.getReason() + (c.getMessage() == null ? "" : " (" + c.getMessage()
                        + ")")).findFirst();
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }

    static long generation(HasMetadata o) {
        Long g = o.getMetadata().getGeneration();
        return g == null ? 1 : g;
    }

    /** The object with {@code roro.io/spec-hash}: a hash of its spec as roro generated it. */
    static <T extends HasMetadata> T hashed(T object) {
        T copy = ProfilePods.SERIALIZATION.clone(object);
        copy.getMetadata().getAnnotations(); // fabric8 returns a mutable map, created on demand
        if (copy.getMetadata().getAnnotations() == null) {
            copy.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        copy.getMetadata().getAnnotations().remove(KubeNames.SPEC_HASH);
        copy.getMetadata().getAnnotations().put(KubeNames.SPEC_HASH,
                KubeNames.sha256(ProfilePods.SERIALIZATION.asJson(copy)).substring(0, 16));
        return copy;
    }

    private static String hash(HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? null
                : o.getMetadata().getAnnotations().get(KubeNames.SPEC_HASH);
    }
}
