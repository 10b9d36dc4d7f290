package io.roro.core.openlineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import io.roro.core.deploy.DeployOperation;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an OpenLineage receiver (Marquez, DataHub, OpenMetadata) gets from roro: run events POSTed to its
 * api/v1/lineage as records are written, each read back with the official client's own parser. A training on the
 * local target reads a dataset version and publishes a model version that a deployment then serves.
 */
class OpenLineageEventsTest {
    private static final Origin ORIGIN = Origin.of("test", "openlineage");

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private Lineage lineage;

    @AfterEach
    void tearDown() {
        if (lineage != null) {
            lineage.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aTrainingItsPublishAndADeploymentAreRunEventsWithTheirInputsAndOutputs() throws Exception {
        assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import venv, ensurepip").start().waitFor() == 0,
                "no Debian python3 with venv (.ci/run installs python3-venv)");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/api/v1/lineage", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        receiver.start();
        Path root = Files.createTempDirectory("roro-openlineage-");
        Path project = Files.createDirectories(root.resolve("ol"));
        Files.writeString(project.resolve("roro.yml"), """
                project: ol
                runtime: python3
                tasks:
                  - {name: retrain, command: python3 train.py, model: m, dataset: d}
                models: [m]
                datasets: [d]
                """);
        Files.writeString(project.resolve("train.py"), """
                import os
                from roro_runtime import project
                rows = open(os.path.join(os.environ["RORO_DATA_DIR"], "rows.csv")).read()
                open(project.output_path("model.txt"), "w").write(rows)
                """);
        Path data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("rows.csv"), "a,b\n1,2\n");
        lineage = Lineage.open(LineageConfig.embedded(root.resolve("home/lineage.mv")));
        lineage.listen(OpenLineageEvents.of(Map.of("OPENLINEAGE_URL", "http://127.0.0.1:"
                + receiver.getAddress().getPort())).orElseThrow());
        ProjectSpec spec = ProjectSpecReader.read(project);
        ProjectRegistration.register(spec, project, lineage, ORIGIN);
        ModelPublisher.of(lineage).publishDataset("m", "d", data, Map.of(), ORIGIN,
                io.roro.core.artifacts.ArtifactStore.Progress.NONE);
        Platform platform = PlatformProvider.named("local").open(new PlatformContext(root.resolve("home"), Map.of(),
                Map.of(), () -> lineage, false));
        BuildVersion build = new DeployOperation(platform, lineage).deploy(spec, project, ORIGIN, line -> { }).build();
        ModelVersion version = new TrainOperation(platform, lineage).train(new TrainRequest(spec, project, "retrain",
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { })
                .version().orElseThrow();
        lineage.deployments().record(new DeploymentChange("ol", "default", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(version.id()), Optional.of(build.id()), 1, "default", "local",
                Optional.of("http://127.0.0.1:20000/"), Optional.empty(), ORIGIN, Optional.empty()));
        lineage.quarantines().quarantine(LineageRef.parse("dataset/m:d:v1"), "export was corrupt", ORIGIN);

        List<RunEvent> events = received.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
        assertThat(events).extracting(e -> e.getJob().getName() + " " + e.getEventType()).containsExactly(
                "ol.train.retrain START", "ol.train.retrain COMPLETE", "m.publish COMPLETE",
                "ol.serve.default COMPLETE", "roro.quarantine COMPLETE");
        RunEvent quarantine = events.get(4);
        assertThat(quarantine.getInputs()).singleElement().satisfies(in -> {
            assertThat(in.getName()).isEqualTo("datasets/m/d");
            assertThat(in.getFacets().getVersion().getDatasetVersion()).isEqualTo("v1");
        });
        assertThat(quarantine.getRun().getFacets().getErrorMessage().getMessage())
                .isEqualTo("quarantined: export was corrupt");
        RunEvent start = events.get(0);
        RunEvent complete = events.get(1);
        assertThat(complete.getRun().getRunId()).as("one run per training").isEqualTo(start.getRun().getRunId());
        assertThat(start.getInputs()).singleElement().satisfies(in -> {
            assertThat(in.getNamespace()).isEqualTo("roro");
            assertThat(in.getName()).isEqualTo("datasets/m/d");
            assertThat(in.getFacets().getVersion().getDatasetVersion()).isEqualTo("v1");
        });
        RunEvent publish = events.get(2);
        assertThat(publish.getOutputs()).singleElement().satisfies(out -> {
            assertThat(out.getName()).isEqualTo("models/m");
            assertThat(out.getFacets().getVersion().getDatasetVersion()).isEqualTo(version.version());
        });
        assertThat(publish.getInputs()).extracting(OpenLineage.InputDataset::getName).containsExactly("datasets/m/d");
        assertThat(publish.getRun().getFacets().getParent().getRun().getRunId()).as("its parent: the training")
                .isEqualTo(start.getRun().getRunId());
        RunEvent serve = events.get(3);
        assertThat(serve.getInputs()).extracting(OpenLineage.InputDataset::getName).containsExactly("models/m");
        assertThat(serve.getOutputs()).extracting(OpenLineage.OutputDataset::getName)
                .containsExactly("deployments/ol/default");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getProducer().toString()).startsWith("https://");
            assertThat(e.getSchemaURL().toString()).contains("openlineage.io/spec");
            assertThat(e.getEventTime()).isNotNull();
        });
    }

    @Test
    void aReceiverThatIsDownNeverFailsARecord() throws Exception {
        Path root = Files.createTempDirectory("roro-openlineage-");
        lineage = Lineage.open(LineageConfig.embedded(root.resolve("lineage.mv")));
        lineage.listen(OpenLineageEvents.of(Map.of("OPENLINEAGE_URL", "http://127.0.0.1:9",
                "OPENLINEAGE_TIMEOUT_MS", "500")).orElseThrow());
        ProjectRegistration.register(ProjectSpecReader.parse("project: ol\nmodels: [m]\n", "roro.yml"), root, lineage,
                ORIGIN);
        Path data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("rows.csv"), "a\n");
        ModelVersion published = ModelPublisher.of(lineage).publish(io.roro.core.publish.PublishRequest.of("m", data,
                ORIGIN));
        assertThat(lineage.models().modelVersion(published.id())).isPresent();
        assertThat(OpenLineageEvents.of(Map.of())).as("nothing configured, nothing sent").isEmpty();
    }
}
