package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.RoroVersion;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Serving on the Kubernetes platform with lineage: the mock API server plus the embedded MongoDB server, in one JVM. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesServingTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    private final ProjectSpec spec = Fixtures.spec();
    private Lineage lineage;
    private FakeDeploymentController controller;
    private ServeOperation serving;
    private BuildVersion build;

    @BeforeEach
    void start() {
        lineage = MONGO.newLineage();
        ProjectRegistration.register(spec, dir, lineage, LineageFixtures.ORIGIN);
        build = LineageFixtures.build(lineage, "abc", "abc0123456789");
        controller = new FakeDeploymentController(client, "ml");
        serving = new ServeOperation(Fixtures.platform(client, lineage, dir, 0.8), lineage);
    }

    @AfterEach
    void stop() throws InterruptedException {
        controller.close();
        lineage.close();
    }

    private ModelVersion publish() throws Exception {
        Path out = LineageFixtures.modelDir(dir, "out-" + System.nanoTime(), Map.of("model.pkl", "w"));
        return ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN));
    }

    private Optional<DeploymentEvent> serve(String version) {
        return serving.serve(new ServeRequest(spec, "default", Optional.of(version), Optional.empty(), build,
                Optional.empty(), LineageFixtures.ORIGIN), line -> { });
    }

    @Test
    void servesRecordsAndLeavesAnUnchangedServiceAlone() throws Exception {
        ModelVersion v1 = publish();
        DeploymentEvent event = serve(v1.id()).orElseThrow();
        assertThat(event.type()).isEqualTo(DeploymentEventType.DEPLOYED);
        assertThat(event.endpoint()).contains("http://roro-credit-risk-default.ml.svc.cluster.local/");
        assertThat(lineage.deployments().deployment("credit-risk", "default").orElseThrow().target())
                .isEqualTo("kubernetes");
        var fetch = client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get()
                .getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(fetch.getArgs()).containsExactly("versions", "fetch", v1.id(), "--to", "/model");
        assertThat(fetch.getImage()).as("roro's agent image from the registry, as scripts/build-images.sh names it")
                .isEqualTo("registry.example.com/ml/roro-agent:" + RoroVersion.get());

        assertThat(serve(v1.id())).isEmpty();
        assertThat(lineage.deployments().timeline("credit-risk", "default")).hasSize(1);

        // changed config vars are a change: the pods roll out to read them (envFrom reads at start)
        new KubernetesConfigVars(RoroRequests.client(client), "ml", "credit-risk").set(Map.of("API_TOKEN", "new"));
        assertThat(serve(v1.id())).as("rolled out for the new config vars").isPresent();
        assertThat(client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get()
                .getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("roro.io/config-version")
                .doesNotContainValue("new");
        assertThat(serve(v1.id())).as("and then unchanged again").isEmpty();
    }

    @Test
    void aRolloutThatNeverBecomesReadyKeepsTheOldVersionLive() throws Exception {
        ModelVersion v1 = publish();
        ModelVersion v2 = publish();
        serve(v1.id());
        controller.healthy.set(false);
        assertThatThrownBy(() -> serve(v2.id()))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining(v2.id() + " did not roll out; default still serves " + v1.id());
        List<DeploymentEvent> timeline = lineage.deployments().timeline("credit-risk", "default");
        assertThat(timeline).extracting(DeploymentEvent::type)
                .containsExactly(DeploymentEventType.DEPLOYED, DeploymentEventType.ROLLED_BACK);
        assertThat(lineage.deployments().deployment("credit-risk", "default").orElseThrow().modelVersion())
                .contains(v1.id());
    }

    @Test
    void stopTakesTheServiceOffTheClusterAndRecordsIt() throws Exception {
        ModelVersion v1 = publish();
        serve(v1.id());
        assertThat(client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get()).isNotNull();

        DeploymentEvent stopped = serving.stop("credit-risk", "default", LineageFixtures.ORIGIN);

        assertThat(stopped.type()).isEqualTo(DeploymentEventType.STOPPED);
        assertThat(client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get()).isNull();
        assertThat(client.services().inNamespace("ml").withName("roro-credit-risk-default").get()).isNull();
        assertThat(lineage.deployments().deployment("credit-risk", "default").orElseThrow().isLive()).isFalse();
        assertThat(lineage.deployments().deployment("credit-risk", "default").orElseThrow().target())
                .isEqualTo("kubernetes");
    }
}
