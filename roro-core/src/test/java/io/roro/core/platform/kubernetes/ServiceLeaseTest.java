package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.platform.ServiceRuntime;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Timeout;

/**
 * Two rollouts of one service on a cluster (two Jenkins builds on two agent pods) run one after the other: the
 * second waits for the first's Lease, says so, and takes it once released; a Lease its dead holder stopped
 * renewing is taken over. Against fabric8's mock API server.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class ServiceLeaseTest {
    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    @Timeout(30)
    void aSecondRolloutWaitsForTheFirstAndSaysSo() throws Exception {
        ServiceLease leases = new ServiceLease(RoroRequests.client(client), "ml", Duration.ofMillis(50));
        List<String> said = new CopyOnWriteArrayList<>();
        ServiceRuntime.Lock first = leases.lock("credit-risk", "default", said::add);
        CompletableFuture<ServiceRuntime.Lock> second = CompletableFuture.supplyAsync(
                () -> leases.lock("credit-risk", "default", said::add));
        Thread.sleep(500);
        assertThat(second).as("waits while the first holds it").isNotDone();
        assertThat(said).singleElement().asString().startsWith("waiting for credit-risk:default: another rollout"
                + " holds it (");
        // another service is not held up
        leases.lock("credit-risk", "batch", said::add).close();
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertThat(client.leases().inNamespace("ml").withName(ServiceLease.name("credit-risk", "default")).get())
                .as("released").isNull();
    }

    /** A rollout longer than the lease's duration keeps it: its holder renews it while it works. */
    @Test
    @Timeout(30)
    void theHolderRenewsItsLeaseWhileItWorks() throws Exception {
        ServiceRuntime.Lock lock = new ServiceLease(RoroRequests.client(client), "ml", Duration.ofMillis(50),
                Duration.ofMillis(100)).lock("credit-risk", "default", line -> { });
        ZonedDateTime taken = client.leases().inNamespace("ml").withName(ServiceLease.name("credit-risk",
                "default")).get().getSpec().getRenewTime();
        Thread.sleep(600);
        assertThat(client.leases().inNamespace("ml").withName(ServiceLease.name("credit-risk", "default")).get()
                .getSpec().getRenewTime()).as("renewed").isAfter(taken);
        lock.close();
    }

    @Test
    @Timeout(30)
    void aLeaseItsDeadHolderStoppedRenewingIsTakenOver() throws Exception {
        ZonedDateTime long_ago = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        client.leases().inNamespace("ml").resource(new LeaseBuilder().withNewMetadata()
                .withName(ServiceLease.name("credit-risk", "default")).endMetadata().withNewSpec()
                .withHolderIdentity("agent-7/1/dead").withLeaseDurationSeconds(60).withAcquireTime(long_ago)
                .withRenewTime(long_ago).endSpec().build()).create();
        ServiceRuntime.Lock lock = new ServiceLease(RoroRequests.client(client), "ml", Duration.ofMillis(50))
                .lock("credit-risk", "default", line -> { });
        assertThat(client.leases().inNamespace("ml").withName(ServiceLease.name("credit-risk", "default")).get()
                .getSpec().getHolderIdentity()).doesNotStartWith("agent-7/");
        lock.close();
    }
}
