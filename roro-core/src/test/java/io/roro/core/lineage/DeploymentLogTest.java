package io.roro.core.lineage;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.store.DeploymentLog;
import io.roro.core.contract.DeploymentState;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeploymentLogTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    private Lineage lineage;
    private DeploymentLog log;

    @BeforeEach
    void open() {
        lineage = MONGO.newLineage();
        log = lineage.deployments();
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    static DeploymentChange change(DeploymentEventType type, DeploymentState state, String version, int replicas) {
        return new DeploymentChange("credit-risk", "default", type, state, Optional.ofNullable(version),
                Optional.of("credit-risk:b1"), replicas, "small", "docker", Optional.of("http://127.0.0.1:8080"),
                Optional.empty(), LineageFixtures.ORIGIN);
    }

    @Test
    void everyChangeAppendsAnEventAndMovesTheDeployment() {
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v1", 1));
        log.record(change(DeploymentEventType.SCALED, DeploymentState.RUNNING, "m:v1", 3));
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v2", 3));
        DeploymentEvent last = log.record(change(DeploymentEventType.ROLLED_BACK, DeploymentState.RUNNING, "m:v1", 3));

        assertThat(last.revision()).isEqualTo(4);
        Deployment d = log.deployment("credit-risk", "default").orElseThrow();
        assertThat(d.modelVersion()).contains("m:v1");
        assertThat(d.replicas()).isEqualTo(3);
        assertThat(d.revision()).isEqualTo(4);
        assertThat(d.isLive()).isTrue();
        assertThat(log.timeline("credit-risk", "default")).extracting(DeploymentEvent::type).containsExactly(
                DeploymentEventType.DEPLOYED, DeploymentEventType.SCALED, DeploymentEventType.DEPLOYED,
                DeploymentEventType.ROLLED_BACK);
    }

    @Test
    void previousVersionIsWhatServedBeforeTheCurrentOne() {
        assertThat(log.previousVersion("credit-risk", "default")).isEmpty();
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v1", 1));
        assertThat(log.previousVersion("credit-risk", "default")).isEmpty();
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v2", 1));
        log.record(change(DeploymentEventType.SCALED, DeploymentState.RUNNING, "m:v2", 3));
        assertThat(log.previousVersion("credit-risk", "default")).contains("m:v1");
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v3", 3));
        assertThat(log.previousVersion("credit-risk", "default")).contains("m:v2");
    }

    @Test
    void whatWasLiveAtAGivenTime() throws InterruptedException {
        Instant before = Instant.now();
        Thread.sleep(5);
        DeploymentEvent v1 = log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v1", 1));
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        DeploymentEvent v2 = log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v2", 1));
        Thread.sleep(5);
        log.record(change(DeploymentEventType.STOPPED, DeploymentState.STOPPED, "m:v2", 0));

        assertThat(log.at("credit-risk", "default", before)).isEmpty();
        assertThat(log.at("credit-risk", "default", between).orElseThrow().modelVersion()).contains("m:v1");
        assertThat(log.at("credit-risk", "default", v2.at()).orElseThrow().revision()).isEqualTo(2);
        assertThat(log.at("credit-risk", "default", v1.at()).orElseThrow().revision()).isEqualTo(1);
        assertThat(log.at("credit-risk", "default", Instant.now()).orElseThrow().state())
                .isEqualTo(DeploymentState.STOPPED);
    }

    @Test
    void anEventLostToACrashIsRestoredFromTheDeployment() {
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v1", 1));
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v2", 1));
        // simulate a writer killed after moving the deployment but before appending event 2
        lineage.database().mongo().getCollection("deployment_events")
                .deleteOne(Filters.eq("_id", "credit-risk:default#2"));

        List<DeploymentEvent> timeline = log.timeline("credit-risk", "default");
        assertThat(timeline).extracting(DeploymentEvent::revision).containsExactly(1L, 2L);
        assertThat(timeline.get(1).modelVersion()).contains("m:v2");
        assertThat(lineage.database().mongo().getCollection("deployment_events").countDocuments()).isEqualTo(2);
    }

    @Test
    void concurrentChangesGetDistinctRevisions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<DeploymentEvent>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int n = i;
            futures.add(pool.submit(() -> log.record(change(DeploymentEventType.SCALED, DeploymentState.RUNNING,
                    "m:v1", n))));
        }
        List<Long> revisions = new ArrayList<>();
        for (Future<DeploymentEvent> f : futures) {
            revisions.add(f.get(30, TimeUnit.SECONDS).revision());
        }
        pool.shutdown();
        assertThat(revisions).doesNotHaveDuplicates().hasSize(30);
        assertThat(log.timeline("credit-risk", "default")).hasSize(30);
        assertThat(log.deployment("credit-risk", "default").orElseThrow().revision()).isEqualTo(30);
    }

    @Test
    void theListingReadsEveryFieldOfADeployment() {
        log.record(change(DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, "m:v1", 2));
        DeploymentChange canary = new DeploymentChange("credit-risk", "default", DeploymentEventType.CANARY_STARTED,
                DeploymentState.RUNNING, Optional.of("m:v1"), Optional.of("credit-risk:b1"), 2, "small", "docker",
                Optional.of("http://127.0.0.1:8080"), Optional.empty(), LineageFixtures.ORIGIN,
                Optional.of(new Candidate(Candidate.Mode.CANARY, Optional.of("m:v2"), Optional.of("credit-risk:b2"),
                        10, Optional.of(Duration.ofMinutes(10)))));
        log.record(canary);

        // the listing reads named fields only (a projection): a field the record gains must be listed there too
        assertThat(log.deployments(Optional.of("credit-risk")))
                .containsExactly(log.deployment("credit-risk", "default").orElseThrow());
        assertThat(log.deployments(Optional.empty()).get(0).candidate()).map(Candidate::share).contains(10);
    }
}
