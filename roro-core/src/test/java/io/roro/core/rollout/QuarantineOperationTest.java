package io.roro.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.deploy.DeployOperation;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.Platform;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.ui.UiEmbed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incident walked through on the local target and on Docker: three services fed by two datasets; a corrupt dataset version
 * is quarantined: the one service derived from it goes back to the revision before, the others keep serving,
 * nothing derived from it is served or trained again, and a dataset with no clean revision behind it stops its
 * services; lifted, it serves again. Every step is a timeline event naming the quarantine and its reason.
 */
class QuarantineOperationTest {
    private static final Origin ORIGIN = Origin.of("test", "quarantine");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path root;
    private Lineage lineage;
    private Platform platform;
    private ProjectSpec spec;
    private Path project;
    private BuildVersion build;

    @ParameterizedTest
    @ValueSource(strings = {"local", "docker"})
    void aCorruptDatasetVersionIsTakenOutOfServiceAndOutOfTrainingUntilLifted(String target) throws Exception {
        if (target.equals("local")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "no nginx (.ci/run installs nginx-light)");
            assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import gunicorn, venv, ensurepip").start()
                    .waitFor() == 0, "no Debian python3 with gunicorn and venv (.ci/run installs them)");
        } else {
            DockerCli docker = new DockerCli();
            assumeTrue(docker.available() && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30)
                    .ok(), "no Docker engine or base image; run scripts/setup-docker.sh");
        }
        String name = "q-" + UUID.randomUUID().toString().substring(0, 6);
        project = Files.createDirectories(root.resolve(name));
        Files.writeString(project.resolve("roro.yml"), """
                project: %s
                runtime: python3
                services:
                  - {name: a, function: predict.predict, model: m1}
                  - {name: c, function: predict.predict, model: m1}
                  - {name: b, function: predict.predict, model: m2}
                tasks:
                  - {name: t1, command: python3 train.py, model: m1, dataset: d}
                  - {name: t2, command: python3 train.py, model: m2, dataset: e}
                models: [m1, m2]
                datasets: [d, e]
                """.formatted(name));
        Files.writeString(project.resolve("train.py"), """
                import os, shutil
                from roro_runtime import project
                shutil.copy(os.path.join(os.environ["RORO_DATA_DIR"], "rows.csv"), project.output_path("rows.csv"))
                """);
        Files.writeString(project.resolve("predict.py"), "def predict():\n    return {'ok': True}\n");
        try (Lineage opened = Lineage.open(LineageConfig.embedded(root.resolve("home/lineage.mv")))) {
            lineage = opened;
            spec = ProjectSpecReader.read(project);
            ProjectRegistration.register(spec, project, lineage, ORIGIN);
            platform = PlatformProvider.named(target).open(new PlatformContext(root.resolve("home"), Map.of(),
                    Map.of(), () -> lineage, false));
            try {
                incident(name);
            } finally {
                for (String service : List.of("a", "b", "c")) {
                    platform.services().stop(name, service);
                }
                if (target.equals("docker") && build != null) {
                    new DockerCli().run(List.of("rmi", "-f", build.image()), 120);
                }
            }
        }
    }

    private void incident(String name) throws Exception {
        publishData("m1", "d", "1,2\n");
        publishData("m2", "e", "3,4\n");
        build = new DeployOperation(platform, lineage).deploy(spec, project, ORIGIN, line -> { }).build();
        String v1 = train("t1");
        String other = train("t2");
        String a = serve("a", v1);
        serve("c", v1);
        String b = serve("b", other);
        publishData("m1", "d", "corrupt\n");
        String v2 = train("t1");
        serve("a", v2);
        assertThat(servedBy(a)).isEqualTo(v2);

        QuarantineOperation quarantine = new QuarantineOperation(platform, lineage);
        LineageRef corrupt = LineageRef.parse("dataset/m1:d:v2");
        QuarantineOperation.Plan dry = quarantine.plan(spec, corrupt);
        assertThat(dry.steps()).extracting(QuarantineOperation.Step::describe)
                .containsExactly(name + ":a: back to " + v1 + " on " + build.id());
        assertThat(servedBy(a)).as("a dry run changes nothing").isEqualTo(v2);

        quarantine.quarantine(spec, corrupt, "export was corrupt", ORIGIN, line -> { });
        assertThat(servedBy(a)).isEqualTo(v1);
        assertThat(servedBy(b)).as("fed by the other dataset").isEqualTo(other);
        DeploymentEvent last = lineage.deployments().timeline(name, "a").get(lineage.deployments()
                .timeline(name, "a").size() - 1);
        assertThat(last.type()).isEqualTo(DeploymentEventType.ROLLED_BACK);
        assertThat(last.message().orElseThrow()).contains("quarantine of dataset/m1:d:v2")
                .contains("export was corrupt");
        assertThatThrownBy(() -> serve("a", v2)).hasMessageContaining(v2 + " is derived from quarantined"
                + " dataset/m1:d:v2");
        UiEmbed ui = new UiEmbed(lineage);
        assertThat(ui.render("/versions/" + v2, Map.of(), List.of(), "", p -> true)).as("its page says so")
                .contains("quarantined").contains("derived from dataset/m1:d:v2 (&quot;export was corrupt&quot;)");
        assertThat(ui.render("/lineage", Map.of("of", "dataset/m1:d:v2", "downstream", "1"), List.of(), "",
                p -> true)).contains("id=\"quarantined\"").contains(v2 + ": derived from dataset/m1:d:v2");
        assertThatThrownBy(() -> new TrainOperation(platform, lineage).train(new TrainRequest(spec, project, "t1",
                Map.of(), Optional.of("d:v2"), Optional.empty(), Optional.empty(), build, ORIGIN, true),
                line -> { })).hasMessageContaining("dataset/m1:d:v2 is quarantined (\"export was corrupt\")");

        // the first version of the data was bad too: nothing clean is left for a and c; b goes on
        quarantine.quarantine(spec, LineageRef.parse("dataset/m1:d:v1"), "same export job", ORIGIN, line -> { });
        for (String service : List.of("a", "c")) {
            var d = lineage.deployments().deployment(name, service).orElseThrow();
            assertThat(d.state()).isEqualTo(DeploymentState.STOPPED);
        }
        assertThat(servedBy(b)).isEqualTo(other);
        assertThat(lineage.quarantines().active()).hasSize(2);

        quarantine.lift(corrupt);
        quarantine.lift(LineageRef.parse("dataset/m1:d:v1"));
        assertThat(servedBy(serve("a", v2))).as("lifted, it serves again").isEqualTo(v2);
    }

    private void publishData(String model, String dataset, String rows) throws Exception {
        Path dir = Files.createTempDirectory(root, "data-");
        Files.writeString(dir.resolve("rows.csv"), rows);
        ModelPublisher.of(lineage).publishDataset(model, dataset, dir, Map.of(), ORIGIN, ArtifactStore.Progress.NONE);
    }

    private String train(String task) {
        return new TrainOperation(platform, lineage).train(new TrainRequest(spec, project, task, Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { })
                .version().orElseThrow().id();
    }

    private String serve(String service, String version) {
        return new ServeOperation(platform, lineage).serve(new ServeRequest(spec, service, Optional.of(version),
                Optional.empty(), build, Optional.empty(), ORIGIN), line -> { }).orElseThrow().endpoint()
                .orElseThrow();
    }

    private String servedBy(String endpoint) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("X-Roro-Model-Version").orElseThrow();
    }
}
