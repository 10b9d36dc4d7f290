package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.ServiceRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rollout lock of a service on a cluster: a coordination.k8s.io/v1 Lease per service, which the API server
 * creates for one caller only. Two Jenkins builds (two agent pods) serving one service run one after the other,
 * as they do on one Docker engine. The holder renews it while it works; a holder that died (a killed pod) loses it
 * when it has not been renewed for {@link #DURATION}, and the next one takes it over.
 */
final class ServiceLease {
    static final Duration DURATION = Duration.ofSeconds(60);
    private static final Duration RENEW_EVERY = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(ServiceLease.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final Duration waitBetween;
    private final Duration renewEvery;

    ServiceLease(KubernetesClient client, String namespace, Duration waitBetween) {
        this(client, namespace, waitBetween, RENEW_EVERY);
    }

    ServiceLease(KubernetesClient client, String namespace, Duration waitBetween, Duration renewEvery) {
        this.client = client;
        this.namespace = namespace;
        this.waitBetween = waitBetween;
        this.renewEvery = renewEvery;
    }

    static String name(String project, String service) {
        return KubeNames.name("roro-lock", project, service);
    }

    /** Takes the lease of {@code project}'s {@code service}, waiting (said on {@code log}) while another holds it. */
    ServiceRuntime.Lock lock(String project, String service, Consumer<String> log) {
        String name = name(project, service);
        String holder = holder();
        boolean said = false;
        while (true) {
            Optional<Lease> taken = tryTake(name, holder, project, service);
            if (taken.isPresent()) {
                return held(name, holder);
            }
            if (!said) {
                Lease current = client.leases().inNamespace(namespace).withName(name).get();
                log.accept("waiting for " + project + ":" + service + ": another rollout holds it ("
                        + (current == null ? "?" : current.getSpec().getHolderIdentity()) + ")");
                said = true;
            }
            sleep(waitBetween);
        }
    }

    /** The lease, when it is free, expired, or not there: created or taken over, never from a live holder. */
    private Optional<Lease> tryTake(String name, String holder, String project, String service) {
        var leases = client.leases().inNamespace(namespace);
        Lease current = leases.withName(name).get();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        try {
            if (current == null) {
                return Optional.of(leases.resource(new LeaseBuilder().withNewMetadata().withName(name)
                        .withNamespace(namespace).addToLabels(KubeNames.labels(project, KubeNames.SERVICE, service))
                        .endMetadata().withNewSpec().withHolderIdentity(holder)
                        .withLeaseDurationSeconds((int) DURATION.toSeconds()).withAcquireTime(now).withRenewTime(now)
                        .endSpec().build()).create());
            }
            ZonedDateTime renewed = current.getSpec().getRenewTime();
            Integer seconds = current.getSpec().getLeaseDurationSeconds();
            boolean expired = renewed == null || seconds == null
                    || renewed.plusSeconds(seconds).toInstant().isBefore(Instant.now());
            if (!expired) {
                return Optional.empty();
            }
            // optimistic: the update carries the resourceVersion read, so one of two takers wins
            current.getSpec().setHolderIdentity(holder);
            current.getSpec().setAcquireTime(now);
            current.getSpec().setRenewTime(now);
            current.getSpec().setLeaseDurationSeconds((int) DURATION.toSeconds());
            return Optional.of(leases.resource(current).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty(); // another caller created or took it first
            }
            throw new PlatformException("cannot take the rollout lock " + name + " in namespace " + namespace + ": "
                    + e.getMessage(), e);
        }
    }

    private ServiceRuntime.Lock held(String name, String holder) {
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roro-lease-" + name);
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleAtFixedRate(() -> renew(name, holder), renewEvery.toMillis(), renewEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                renewer.shutdownNow();
                release(name, holder);
            }
        };
    }

    private void renew(String name, String holder) {
        try {
            client.leases().inNamespace(namespace).withName(name).edit(l -> {
                if (holder.equals(l.getSpec().getHolderIdentity())) {
                    l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
                }
                return l;
            });
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "cannot renew the rollout lock " + name + ": " + e.getMessage(), e);
        }
    }

    private void release(String name, String holder) {
        try {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(namespace).resource(current).delete();
            }
        } catch (KubernetesClientException e) {
            // it expires by itself after DURATION
            LOG.log(Level.WARNING, "cannot release the rollout lock " + name + ": " + e.getMessage(), e);
        }
    }

    /** Who holds it, as `kubectl get lease` shows: the machine (the agent pod) and a unique id. */
    private static String holder() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("roro");
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting for the rollout lock", e);
        }
    }
}
