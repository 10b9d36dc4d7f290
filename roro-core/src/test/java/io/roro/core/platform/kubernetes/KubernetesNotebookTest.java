package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.PlatformException;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro notebook --target kubernetes` on the mock API server: the Pod (golden YAML) on the profile's pod spec
 * with the dataset and model version fetched by init containers, its token only in a Secret, listed and stopped
 * with it; a pod that ends before it serves is reported and removed. The port-forward itself needs a kubelet and
 * is not exercised here.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesNotebookTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    private final ProjectSpec spec = Fixtures.spec();
    private Lineage lineage;
    private NotebookRuntime.Launch launch;

    @BeforeEach
    void start() throws Exception {
        lineage = MONGO.newLineage();
        ProjectRegistration.register(spec, dir, lineage, LineageFixtures.ORIGIN);
        BuildVersion build = LineageFixtures.build(lineage, "abc", "abc0123456789");
        ModelPublisher publisher = ModelPublisher.of(lineage);
        ModelVersion version = publisher.publish(PublishRequest.of("credit-model", LineageFixtures.modelDir(dir,
                "out", Map.of("model.pkl", "w")), LineageFixtures.ORIGIN));
        Dataset data = publisher.publishDataset("credit-model", "credit-data", LineageFixtures.modelDir(dir, "data",
                Map.of("credit.csv", "a,b\n1,2\n")), Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE).dataset();
        launch = new NotebookRuntime.Launch("credit-risk", dir, spec.profile("gpu"), Optional.of(data),
                Optional.of(version), build, 18888, "s3cret-token");
    }

    @AfterEach
    void stop() {
        lineage.close();
    }

    private KubernetesNotebooks notebooks(Duration timeout) {
        return new KubernetesNotebooks(RoroRequests.client(client), Fixtures.SETTINGS, b -> "registry.example.com/roro/credit-risk:abc",
                timeout);
    }

    @Test
    void aNotebookIsAPodOnTheProfileWithItsInputsAndItsTokenOnlyInASecret() throws Exception {
        KubernetesNotebooks notebooks = notebooks(Duration.ofSeconds(5));
        String name = notebooks.create(launch);
        Pod pod = client.pods().inNamespace("ml").withName(name).get();
        String yaml = ProfilePods.SERIALIZATION.asYaml(clean(pod)).replace(name, "NAME");
        Path golden = Path.of("src/test/resources/golden/notebook-pod.yaml");
        if (System.getenv("RORO_UPDATE_GOLDEN") != null) {
            Files.writeString(golden, yaml);
        }
        assertThat(yaml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(yaml).doesNotContain("s3cret-token");
        assertThat(client.secrets().inNamespace("ml").withName(name).get().getStringData())
                .containsEntry("token", "s3cret-token");
        assertThat(notebooks.sessions("credit-risk")).extracting(NotebookRuntime.Session::container)
                .containsExactly(name);
        assertThat(notebooks.sessions("other")).isEmpty();

        assertThat(notebooks.stop("credit-risk")).isEqualTo(1);
        assertThat(client.pods().inNamespace("ml").withName(name).get()).isNull();
        assertThat(client.secrets().inNamespace("ml").withName(name).get()).isNull();
    }

    @Test
    void aPodThatEndsBeforeItServesIsReportedAndRemoved() {
        KubernetesNotebooks notebooks = notebooks(Duration.ofSeconds(20));
        kubelet("Failed");
        assertThatThrownBy(() -> notebooks.start(launch, line -> { })).isInstanceOf(PlatformException.class)
                .hasMessageContaining("ended before it served (Failed)").hasMessageContaining("kubectl logs -n ml");
        assertThat(client.pods().inNamespace("ml").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("ml").list().getItems()).isEmpty();
    }

    /**
     * Once its pod runs, the notebook is reached through a port-forward from 127.0.0.1 (asked of the API server
     * as the first connection comes: recorded for the agents' Role); a server that never answers through it is
     * reported and its pod removed. The forward itself needs a kubelet, which the mock server is not.
     */
    @Test
    void aRunningPodIsReachedThroughAPortForwardAndOneThatNeverAnswersIsRemoved() {
        KubernetesNotebooks notebooks = notebooks(Duration.ofSeconds(2));
        kubelet("Running");
        assertThatThrownBy(() -> notebooks.start(launch, line -> { })).isInstanceOf(PlatformException.class)
                .hasMessageContaining("the notebook server did not answer within 2 s");
        assertThat(client.pods().inNamespace("ml").list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("ml").list().getItems()).isEmpty();
    }

    /** What a kubelet does to the notebook's pod once it is created: puts it in {@code phase}. */
    private void kubelet(String phase) {
        Thread kubelet = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                for (Pod p : client.pods().inNamespace("ml").list().getItems()) {
                    p.setStatus(new PodStatusBuilder().withPhase(phase).build());
                    client.resource(p).inNamespace("ml").updateStatus();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        kubelet.start();
    }

    private static Pod clean(Pod fromCluster) {
        Pod p = ProfilePods.SERIALIZATION.clone(fromCluster);
        p.setStatus(null);
        p.getMetadata().setResourceVersion(null);
        p.getMetadata().setUid(null);
        p.getMetadata().setCreationTimestamp(null);
        p.getMetadata().setGeneration(null);
        p.getMetadata().setManagedFields(null);
        return p;
    }
}
