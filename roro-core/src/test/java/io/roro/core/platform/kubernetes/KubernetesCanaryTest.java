package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.RoroVersion;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.TrafficSample;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.rollout.CanaryJudge;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.Verdict;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries on the mock API server: the second Deployment the split by replicas creates (golden YAML), its share
 * as the ratio of replicas, promotion giving the live Deployment its pods, a rollback or a leftover removing it,
 * and what a split by replicas cannot do (a share too far from any ratio, a shadow) refused before anything runs.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesCanaryTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final String LIVE = "roro-credit-risk-default";
    private static final String CANARY = "roro-credit-risk-default-canary";

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    private final ProjectSpec spec = Fixtures.spec();
    private Lineage lineage;
    private FakeDeploymentController controller;
    private KubernetesPlatform platform;
    private BuildVersion build;

    @BeforeEach
    void start() {
        lineage = MONGO.newLineage();
        ProjectRegistration.register(spec, dir, lineage, LineageFixtures.ORIGIN);
        build = LineageFixtures.build(lineage, "abc", "abc0123456789");
        controller = new FakeDeploymentController(client, "ml");
        platform = Fixtures.platform(client, lineage, dir, 0.8);
    }

    @AfterEach
    void stop() throws InterruptedException {
        controller.close();
        lineage.close();
    }

    private String publish() throws Exception {
        Path out = LineageFixtures.modelDir(dir, "out-" + System.nanoTime(), Map.of("model.pkl", "w"));
        ModelVersion v = ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model",
                out, LineageFixtures.ORIGIN));
        return v.id();
    }

    private DeploymentEvent canary(String version, Candidate.Mode mode, int share) {
        return new CanaryOperation(platform, lineage).start(spec, "default", Optional.of(version), mode, share,
                () -> build, LineageFixtures.ORIGIN, line -> { });
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace("ml").withName(name).get();
    }

    @Test
    void aCanaryIsASecondDeploymentWhoseReplicasGiveItsShareAndPromotionHandsItsPodsToTheLiveOne() throws Exception {
        String v1 = publish();
        String v2 = publish();
        new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(v1), Optional.empty(),
                build, Optional.empty(), LineageFixtures.ORIGIN), line -> { }); // 2 replicas
        long revision = lineage.deployments().deployment("credit-risk", "default").orElseThrow().revision();

        assertThatThrownBy(() -> canary(v2, Candidate.Mode.CANARY, 10)).isInstanceOf(ServeException.class)
                .hasMessageContaining("beside 2 live replicas the nearest is 1 canary replica = 33%")
                .hasMessageContaining("--replicas 9").hasMessageContaining("--canary 33");
        assertThatThrownBy(() -> canary(v2, Candidate.Mode.SHADOW, 0)).isInstanceOf(ServeException.class)
                .hasMessageContaining("shadows run on the docker target");
        assertThat(deployment(CANARY)).isNull();
        assertThat(lineage.deployments().deployment("credit-risk", "default").orElseThrow().revision())
                .as("nothing recorded").isEqualTo(revision);

        DeploymentEvent started = canary(v2, Candidate.Mode.CANARY, 30);
        assertThat(started.candidate().orElseThrow().share()).as("1 of 3 replicas").isEqualTo(33);
        Deployment canary = deployment(CANARY);
        assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
        // the live Deployment's Service routes to the canary's pods too: that is the split
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(client.services().inNamespace("ml").withName(LIVE).get().getSpec().getSelector());
        matchesGolden("service-canary.yaml", canary);

        DeploymentEvent promoted = new CanaryOperation(platform, lineage).promote("credit-risk", "default",
                Optional.empty(), LineageFixtures.ORIGIN, line -> { });
        assertThat(promoted.type()).isEqualTo(DeploymentEventType.PROMOTED);
        assertThat(promoted.modelVersion()).contains(v2);
        assertThat(deployment(CANARY)).isNull();
        Deployment live = deployment(LIVE);
        assertThat(live.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(KubeNames.MODEL_VERSION, KubeNames.labelValue(v2))
                .doesNotContainKey(KubernetesCanaries.TRACK);
        assertThat(live.getSpec().getSelector().getMatchLabels()).doesNotContainKey(KubernetesCanaries.TRACK);
        assertThat(live.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aRollbackOrALeftoverLineageDoesNotRecordRemovesTheCanaryDeployment() throws Exception {
        String v1 = publish();
        String v2 = publish();
        new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(v1), Optional.empty(),
                build, Optional.empty(), LineageFixtures.ORIGIN), line -> { });
        canary(v2, Candidate.Mode.CANARY, 50);
        assertThat(deployment(CANARY).getSpec().getReplicas()).as("2 beside 2").isEqualTo(2);
        DeploymentEvent aborted = new CanaryOperation(platform, lineage).abort("credit-risk", "default", "tried",
                LineageFixtures.ORIGIN, line -> { });
        assertThat(aborted.modelVersion()).contains(v1);
        assertThat(deployment(CANARY)).isNull();

        // a canary Deployment an interrupted command left, which lineage does not record, goes on the next ps
        canary(v2, Candidate.Mode.CANARY, 50);
        var d = lineage.deployments().deployment("credit-risk", "default").orElseThrow();
        lineage.deployments().record(new DeploymentChange("credit-risk", "default",
                DeploymentEventType.ABORTED, d.state(), d.modelVersion(), d.buildVersion(), d.replicas(), d.profile(),
                d.target(), d.endpoint(), Optional.of("killed before the cluster was told"), LineageFixtures.ORIGIN));
        List<String> said = new ArrayList<>();
        platform.services().ready("credit-risk", lineage.deployments().deployments(Optional.of("credit-risk")),
                said::add);
        assertThat(deployment(CANARY)).isNull();
        assertThat(said).anySatisfy(line -> assertThat(line).contains("removed " + CANARY));
    }

    @Test
    void theCanarysAndTheLiveVersionsNumbersAreReadFromEachPodsMetricsThroughTheApiServer() throws Exception {
        Map<String, String> labels = liveWithACanary();
        // the pods a cluster's controllers would make: two of the live Deployment, one of the canary
        Map<String, String> canaryLabels = new LinkedHashMap<>(labels);
        canaryLabels.put(KubernetesCanaries.TRACK, "canary");
        Map<String, String> metrics = Map.of("live-a", metrics(100, 1), "live-b", metrics(50, 0),
                "canary-a", metrics(40, 8));
        for (Map.Entry<String, String> pod : metrics.entrySet()) {
            client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
                    .withName(pod.getKey()).withLabels(pod.getKey().startsWith("canary") ? canaryLabels : labels)
                    .endMetadata().build()).create();
            server.expect().get().withPath("/api/v1/namespaces/ml/pods/" + pod.getKey() + ":8080/proxy/metrics")
                    .andReturn(200, pod.getValue()).always();
        }
        TrafficSample sample = platform.services().sample("credit-risk", "default");
        assertThat(sample.live().requests()).isEqualTo(150);
        assertThat(sample.live().errors()).isEqualTo(1);
        assertThat(sample.candidate().requests()).isEqualTo(40);
        assertThat(sample.candidate().errorRate()).isEqualTo(0.2);
        assertThat(new CanaryJudge(new ServiceSpec.RolloutPolicy(33,
                Optional.of(Duration.ofMinutes(5)), 0.01, Optional.empty(), 20)).judge(sample,
                Duration.ofMinutes(1)).decision()).isEqualTo(Verdict.Decision.ABORT);
    }

    /**
     * The live side counts from the canary's start, as the canary does (it counted from each live pod's start: hours
     * against minutes); a live pod started since the canary is counted whole.
     */
    @Test
    void theLiveSideIsCountedFromTheCanarysStart() throws Exception {
        String v1 = publish();
        String v2 = publish();
        new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(v1), Optional.empty(),
                build, Optional.empty(), LineageFixtures.ORIGIN), line -> { });
        Map<String, String> labels = KubeNames.labels("credit-risk", KubeNames.SERVICE, "default");
        for (String pod : List.of("live-a", "live-b")) {
            client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withLabels(labels).endMetadata().build()).create();
        }
        // read once as the canary starts, then as they stand later
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-a:8080/proxy/metrics")
                .andReturn(200, metrics(1000, 10)).once();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-b:8080/proxy/metrics")
                .andReturn(200, metrics(900, 0)).once();
        canary(v2, Candidate.Mode.CANARY, 33);
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-a:8080/proxy/metrics")
                .andReturn(200, metrics(1030, 11)).always();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-b:8080/proxy/metrics")
                .andReturn(200, metrics(920, 0)).always();
        // a live pod that came after the canary (a node drained): all it answered is since
        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata().withName("live-c")
                .withLabels(labels).endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-c:8080/proxy/metrics")
                .andReturn(200, metrics(5, 0)).always();

        TrafficSample sample = platform.services().sample("credit-risk", "default");

        assertThat(sample.live().requests()).as("30 + 20 + 5 since the canary started").isEqualTo(55);
        assertThat(sample.live().errors()).isEqualTo(1);
        assertThat(deployment(CANARY).getMetadata().getAnnotations()).containsKey(CanaryBaseline.ANNOTATION);
    }

    /** A service account without get on pods/proxy: the judge says so, instead of seeing "no requests". */
    @Test
    void aJudgeThatMayNotReadThePodsMetricsSaysWhy() throws Exception {
        Map<String, String> labels = liveWithACanary();
        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
                .withName("live-a").withLabels(labels).endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/live-a:8080/proxy/metrics")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").always();
        assertThatThrownBy(() -> platform.services().sample("credit-risk", "default"))
                .hasMessageContaining("HTTP 403").hasMessageContaining("get on pods/proxy in namespace ml");
    }

    /** A version live on default with another as a 33% canary beside it; returns the live pods' labels. */
    private Map<String, String> liveWithACanary() throws Exception {
        String v1 = publish();
        String v2 = publish();
        new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(v1), Optional.empty(),
                build, Optional.empty(), LineageFixtures.ORIGIN), line -> { });
        canary(v2, Candidate.Mode.CANARY, 33);
        return KubeNames.labels("credit-risk", KubeNames.SERVICE, "default");
    }

    /** A pod's /metrics as the serving toolkit writes it: {@code requests} predictions, {@code errors} of them 5xx. */
    private static String metrics(int requests, int errors) {
        return "roro_requests_total{route=\"/\",status=\"200\"} " + (requests - errors) + "\n"
                + "roro_requests_total{route=\"/\",status=\"500\"} " + errors + "\n"
                + "roro_requests_total{route=\"/health\",status=\"200\"} 7\n"
                + "roro_request_seconds_bucket{le=\"0.01\"} " + requests + "\n"
                + "roro_request_seconds_bucket{le=\"+Inf\"} " + requests + "\n";
    }

    private static void matchesGolden(String file, Deployment fromCluster) throws Exception {
        Deployment d = ProfilePods.SERIALIZATION.clone(fromCluster);
        d.setStatus(null); // what roro wrote, not what the (mock) cluster added
        d.getMetadata().setResourceVersion(null);
        d.getMetadata().setUid(null);
        d.getMetadata().setCreationTimestamp(null);
        d.getMetadata().setGeneration(null);
        d.getMetadata().setManagedFields(null);
        // roro's own version (in the agent image's tag) is not part of what is reviewed
        String yaml = ProfilePods.SERIALIZATION.asYaml(d).replace(":" + RoroVersion.get() + "\"",
                ":VERSION\"");
        Path golden = Path.of("src/test/resources/golden").resolve(file);
        if (System.getenv("RORO_UPDATE_GOLDEN") != null) {
            Files.writeString(golden, yaml);
        }
        assertThat(yaml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
