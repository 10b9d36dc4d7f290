package io.roro.core.deploy;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.contract.DeployResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.RuntimeMetrics;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.DockerException;
import io.roro.core.platform.docker.DockerPlatform;
import io.roro.core.platform.docker.ImageBuilder;
import io.roro.core.platform.docker.RuntimeImages;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.testing.CommandLineDocker;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole flow on a real Docker engine with the example project: deploy, train, publish, serve, predict,
 * switch versions under load without a failed request, keep the old version when a new one is broken, and answer
 * the lineage question. Then the ways it goes wrong: a failing, an out-of-memory and an output-less training, an
 * unknown function and a module that does not import. Skipped, visibly, where no Docker engine or base image exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION = "{\"income\": 52000, \"debt_ratio\": 0.31, \"age\": 40,"
            + " \"late_payments\": 0, \"loan_amount\": 15000, \"years_employed\": 5}";
    private static final Origin ORIGIN = Origin.of("test", "e2e");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path root;
    private Path project;
    private String name;
    private Lineage lineage;
    private DockerPlatform platform;
    private ProjectSpec spec;
    private BuildVersion build;
    private String endpoint;

    @BeforeAll
    void setUp() throws Exception {
        DockerCli docker = new DockerCli();
        boolean engine = docker.available();
        boolean base = engine && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!engine || !base) {
            System.err.println("SKIPPED DockerEndToEndTest: " + (engine ? "base image " + RuntimeImages.DEFAULT_BASE
                    + " is missing" : "no Docker engine") + "; run scripts/setup-docker.sh");
        }
        assumeTrue(engine, "no Docker engine answers; run scripts/setup-docker.sh");
        assumeTrue(base, "base image " + RuntimeImages.DEFAULT_BASE + " is missing; run scripts/setup-docker.sh");

        root = Files.createTempDirectory("roro-e2e-");
        name = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        project = copyExample(root.resolve(name));
        git(project, "init", "-q", "-b", "main");
        git(project, "-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "add", ".");
        git(project, "-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "commit", "-q", "-m", "example");
        Path home = root.resolve("home");
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
        platform = new DockerPlatform(docker, () -> lineage, home, Map.of("RORO_HOME", home.toString()));
        spec = ProjectSpecReader.read(project);
        ProjectRegistration.register(spec, project, lineage, ORIGIN);
        Path data = Files.createDirectories(root.resolve("data"));
        run(project, "/usr/bin/python3", "generate_data.py", data.resolve("credit.csv").toString());
        ModelPublisher.of(lineage).publishDataset("credit-model", "credit-data", data, Map.of(), ORIGIN,
                ArtifactStore.Progress.NONE);
    }

    @AfterAll
    void tearDown() {
        if (platform == null) {
            return;
        }
        DockerCli docker = platform.docker();
        String ids = docker.run(List.of("ps", "-aq", "--filter", "label=io.roro.project=" + name), 60).stdout().trim();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids.lines().toList());
            docker.run(rm, 120);
        }
        String images = docker.run(List.of("images", "-q", "roro/" + name), 60).stdout().trim();
        if (!images.isEmpty()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(images.lines().distinct().toList());
            docker.run(rmi, 120);
        }
        lineage.close();
    }

    private static Path copyExample(Path target) throws IOException {
        Path example = Path.of("..", "examples", "credit-risk");
        Files.createDirectories(target);
        try (var files = Files.list(example)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        String yml = Files.readString(target.resolve("roro.yml")).replace("project: credit-risk",
                "project: " + target.getFileName());
        // tasks and services that go wrong on purpose
        yml = yml.replace("models:\n", """
                  - name: fails
                    command: python3 -c "import sys; print('reading data'); print('bad row 17', file=sys.stderr); sys.exit(3)"
                    model: credit-model
                  - name: greedy
                    command: python3 -c "x = bytearray(600 * 1024 * 1024); print(len(x))"
                    profile: tiny
                  - name: forgetful
                    command: python3 -c "print('trained, but wrote nothing')"
                    model: credit-model
                  - name: secret-check
                    command: python3 -c "import os, sys; t = os.environ.get('API_TOKEN', ''); print('token of', len(t), 'characters'); sys.exit(0 if t == 'token-' + 's3cr3t' else 4)"
                  - name: secret-leak
                    command: python3 -c "import os, sys; t = os.environ['API_TOKEN']; print('using', t); sys.stderr.write('rejected ' + t + chr(10)); sys.exit(3)"
                  - name: secret-metric
                    command: python3 -c "import os, json, time; t = os.environ['API_TOKEN']; m = dict(leaked=t, nested=dict(k=[t]), auc=0.5); m[t] = 1; print('roro:metrics ' + json.dumps(m), flush=True); print('using', t, flush=True); time.sleep(3); open(os.path.join(os.environ['RORO_OUTPUT_DIR'], 'model.pkl'), 'w').write('m')"
                    model: credit-model
                  - name: huge
                    command: python3 -c "print('never')"
                    profile: huge
                  - name: fetches
                    command: python3 -c "import json, os, urllib.request; from roro_runtime import project; u = json.loads(os.environ['RORO_PARAMS'])['url']; body = urllib.request.urlopen(u, timeout=10).read().decode(); open(os.path.join(project.dataset_dir('warehouse-export'), 'export.csv'), 'w').write(body); open(os.path.join(os.environ['RORO_OUTPUT_DIR'], 'model.pkl'), 'w').write(body)"
                    model: credit-model
                  - name: newest-data
                    command: python3 -c "import os, shutil; shutil.copy(os.path.join(os.environ['RORO_DATA_DIR'], 'credit.csv'), os.path.join(os.environ['RORO_OUTPUT_DIR'], 'model.pkl')); print('read', os.environ['RORO_DATASET'])"
                    model: credit-model
                    dataset: credit-data
                  - name: pinned-data
                    command: python3 -c "import os, shutil; shutil.copy(os.path.join(os.environ['RORO_DATA_DIR'], 'credit.csv'), os.path.join(os.environ['RORO_OUTPUT_DIR'], 'model.pkl'))"
                    model: credit-model
                    dataset: credit-data:v1
                  - name: isolated
                    command: python3 -c "import json, os, urllib.request; u = json.loads(os.environ['RORO_PARAMS'])['url']; urllib.request.urlopen(u, timeout=5)"
                    network: none
                  - name: notebook
                    notebook: notebooks/train.ipynb
                    params: {n: 5, label: from-roro}
                    model: credit-model
                models:
                """);
        yml = yml.replace("tasks:\n", """
                  - name: wrong-function
                    function: starred.nope
                    model: credit-model
                    health: {start_period_s: 5}
                  - name: broken-import
                    function: broken.predict
                    health: {start_period_s: 5}
                  - name: secret-print
                    function: leaky.predict
                    health: {start_period_s: 5}
                  - name: modelless
                    function: predict.predict
                    health: {start_period_s: 5}
                  - name: slow
                    function: slow.predict
                    model: credit-model
                    replicas: 2
                    timeout_s: 2
                    health: {start_period_s: 5}
                tasks:
                """);
        yml = yml.replace("profiles:\n", "profiles:\n  tiny: {limits: {cpu: 1, memory: 64Mi}}\n"
                + "  huge: {limits: {cpu: 4096, memory: 1Gi}}\n");
        Files.writeString(target.resolve("roro.yml"), yml);
        Files.writeString(target.resolve("broken.py"), "import not_a_module_anywhere\n\ndef predict():\n    pass\n");
        Files.writeString(target.resolve("slow.py"), "import time\n\ndef predict(seconds=0.0):\n"
                + "    time.sleep(seconds)\n    return {'slept': seconds, 'ratio': float('nan')}\n");
        // names bound by `import *` are not visible to roro validate, which reads modules as text: the container says
        Files.writeString(target.resolve("starred.py"), "from os.path import *\n");
        // a service that prints its config var and fails to start with it in its error
        Files.writeString(target.resolve("leaky.py"), "import os, sys\n\ndef init():\n"
                + "    t = os.environ.get('API_TOKEN', '')\n    print('token is', t, flush=True)\n"
                + "    raise RuntimeError('cannot use ' + t)\n\ndef predict():\n    pass\n");
        Files.createDirectories(target.resolve("notebooks"));
        Files.writeString(target.resolve("notebooks/train.ipynb"), NOTEBOOK);
        return target;
    }

    /** Papermill's convention: defaults in the cell tagged `parameters`, overridden by an injected cell. */
    private static final String NOTEBOOK = """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
              "language": "python"}},
             "cells": [
              {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "execution_count": null,
               "outputs": [], "source": "n = 1\\nlabel = 'default'"},
              {"cell_type": "code", "id": "t", "metadata": {}, "execution_count": null, "outputs": [],
               "source": "import os\\nout = os.environ['RORO_OUTPUT_DIR']\\nopen(os.path.join(out, 'model.pkl'), 'w').write(f'{n}:{label}')"}
             ]}
            """;

    private TrainResult train(String task, Map<String, Object> params) {
        return training().train(new TrainRequest(spec, project, task, params, Optional.empty(),
                Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { });
    }

    private DeploymentEvent serve(String service, String version) {
        return serving().serve(new ServeRequest(spec, service, Optional.of(version), Optional.empty(), build,
                Optional.empty(), ORIGIN), line -> { }).orElseThrow();
    }

    private TrainOperation training() {
        return new TrainOperation(platform, lineage);
    }

    private ServeOperation serving() {
        return new ServeOperation(platform, lineage);
    }

    private DeployOperation deploying() {
        return new DeployOperation(platform, lineage);
    }

    private HttpResponse<String> predict() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(APPLICATION)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void deployBuildsAndWaitsForAModelVersion() {
        DeployResult result = deploying().deploy(spec, project, ORIGIN, line -> { });
        build = result.build();
        assertThat(result.number()).isEqualTo(1);
        assertThat(build.git().orElseThrow().dirty()).isFalse();
        assertThat(result.services()).filteredOn(s -> s.service().equals("default")).singleElement()
                .satisfies(s -> {
                    assertThat(s.problem().orElseThrow()).contains("no version of credit-model yet");
                    assertThat(s.trainWith()).as("the task a pipeline trains first").contains("retrain");
                });
        assertThat(result.schedules()).extracting(DeployResult.ScheduledTask::jenkinsSpec)
                .containsExactly("TZ=Europe/Berlin\n0 10 * * *");
        // an unchanged tree is not rebuilt
        assertThat(platform.builder().build(spec, project, ORIGIN, line -> { }).id()).isEqualTo(build.id());
        // the same tree built again into another image (the image was pruned; or another machine built it for a
        // shared lineage database) is a build of its own, and the first one still names its own image
        platform.docker().check(List.of("rmi", "-f", build.image()));
        BuildVersion rebuilt = platform.builder().build(spec, project, ORIGIN, line -> { });
        assertThat(rebuilt.imageId()).isNotEqualTo(build.imageId());
        assertThat(rebuilt.id()).startsWith(build.id() + "-").isNotEqualTo(build.id());
        assertThat(lineage.projects().buildVersion(build.id()).orElseThrow().imageId()).isEqualTo(build.imageId());
        assertThat(platform.docker().check(List.of("image", "inspect", "-f", "{{.Id}}", rebuilt.image())).trim())
                .isEqualTo(rebuilt.imageId());
        assertThat(platform.builder().build(spec, project, ORIGIN, line -> { }).id()).as("and is reused")
                .isEqualTo(rebuilt.id());
        build = rebuilt;
    }

    @Test
    @Order(2)
    void trainServeAndPredictCorrectly() throws Exception {
        TrainResult trained = train("retrain", Map.of("n_estimators", 20));
        assertThat(trained.training().state()).isEqualTo(TrainingState.FINISHED);
        assertThat(trained.training().metrics()).containsKey("auc");
        ModelVersion v1 = trained.version().orElseThrow();
        assertThat(v1.dataset()).contains("credit-model:credit-data:v1");
        assertThat(root.resolve("home/work/" + name + "/" + trained.training().name() + "/output"))
                .as("published: no second local copy of the model").isEmptyDirectory();

        DeploymentEvent event = serve("default", v1.id());
        endpoint = event.endpoint().orElseThrow();
        HttpResponse<String> response = predict();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Roro-Model-Version")).contains(v1.id());

        // the same model, loaded by the project's own code in a fresh container, gives the same answer
        Path modelDir = root.resolve("home/models/credit-model/" + v1.version());
        String direct = platform.docker().check(List.of("run", "--rm", "--network", "none", "-v",
                modelDir + ":/model:ro", build.image(), "python3", "-c",
                "import json, predict; predict.init(); print(json.dumps(predict.predict(**json.loads('"
                        + APPLICATION + "'))))"));
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree(direct.lines().reduce((a, b) -> b)
                .orElseThrow()));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("grade").asText()).matches("[A-E]");
    }

    @Test
    @Order(3)
    void newVersionGoesLiveWithoutAFailedRequest() throws Exception {
        String v1 = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();
        ModelVersion v2 = train("retrain", Map.of("n_estimators", 50, "max_depth", 2)).version().orElseThrow();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        Set<String> versions = Collections.synchronizedSet(new HashSet<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        // four clients at once: a request retried across a switch once found both generations standby (a 503)
        List<Thread> probes = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread probe = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = predict();
                        requests.incrementAndGet();
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                            errors.add(r.statusCode() + " " + r.body() + " " + r.headers().map());
                        }
                        r.headers().firstValue("X-Roro-Model-Version").ifPresent(versions::add);
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                        errors.add(e.toString());
                    }
                }
            });
            probe.start();
            probes.add(probe);
        }
        Thread.sleep(500);
        serve("default", v2.id());
        serve("default", v1); // back and forth at once: the version before may still be draining
        serve("default", v2.id());
        Thread.sleep(1500);
        running.set(false);
        for (Thread probe : probes) {
            probe.join();
        }
        assertThat(errors).isEmpty();
        assertThat(failures.get()).isZero();
        assertThat(requests.get()).isGreaterThan(80);
        assertThat(versions).contains(v2.id(), v1).hasSize(2);
        assertThat(predict().headers().firstValue("X-Roro-Model-Version")).contains(v2.id());
    }

    @Test
    @Order(4)
    void aBrokenVersionIsRolledBackAndTheOldOneKeepsServing() throws Exception {
        Path out = Files.createDirectories(root.resolve("broken-out"));
        Files.writeString(out.resolve("model.pkl"), "this is not a pickle");
        ModelVersion broken = ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, ORIGIN));
        String live = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();

        assertThatThrownBy(() -> serve("default", broken.id()))
                .isInstanceOf(ServeException.class)
                .hasMessageContaining(broken.id() + " failed its health check; default still serves " + live);
        assertThat(predict().headers().firstValue("X-Roro-Model-Version")).contains(live);
        List<DeploymentEvent> timeline = lineage.deployments().timeline(name, "default");
        DeploymentEvent last = timeline.get(timeline.size() - 1);
        assertThat(last.type()).isEqualTo(DeploymentEventType.ROLLED_BACK);
        assertThat(last.modelVersion()).contains(live);
        assertThat(last.message().orElseThrow()).contains("UnpicklingError");
        for (int i = 0; i < 100 && platform.backends(name, "default").size() > 1; i++) {
            Thread.sleep(200); // the previous version drains in the background
        }
        assertThat(platform.backends(name, "default")).hasSize(1);
    }

    @Test
    @Order(5)
    void lineageLinksDeploymentVersionTrainingDatasetBuildAndCommit() throws Exception {
        LineageGraph graph = lineage.queries().upstreamOfDeployment(name, "default");
        String commit = run(project, "git", "rev-parse", "HEAD").trim();
        assertThat(graph.nodes(LineageGraph.Kind.COMMIT)).extracting(LineageGraph.Node::key).containsExactly(commit);
        assertThat(graph.nodes(LineageGraph.Kind.DATASET)).extracting(LineageGraph.Node::key)
                .containsExactly("credit-model:credit-data:v1");
        assertThat(graph.nodes(LineageGraph.Kind.TRAINING)).singleElement()
                .satisfies(t -> assertThat(t.attributes().get("params").toString()).contains("max_depth=2"));
        assertThat(graph.nodes(LineageGraph.Kind.BUILD_VERSION)).extracting(LineageGraph.Node::key)
                .containsExactly(build.id());
        assertThat(lineage.queries().liveFromDataset("credit-model:credit-data:v1")).extracting(Deployment::service)
                .containsExactly("default");
    }

    @Test
    @Order(6)
    void aFailingTrainingIsRecordedAsFailedWithItsReason() throws Exception {
        assertThatThrownBy(() -> train("fails", Map.of()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("failed with exit code 3: bad row 17");
        TrainingRun run = lineage.trainings().trainings(name, Optional.empty(), 1000).stream().filter(t -> t.task().equals("fails")).findFirst()
                .orElseThrow();
        assertThat(run.state()).isEqualTo(TrainingState.FAILED);
        assertThat(run.reason()).contains("exit code 3: bad row 17");
        assertThat(run.modelVersions()).isEmpty();
        // its whole log stays with it (roro train logs)
        Path log = root.resolve("fails.log");
        assertThat(lineage.fetchTrainingLog(run.id(), log)).isTrue();
        assertThat(Files.readString(log)).contains("reading data").contains("bad row 17");
    }

    @Test
    @Order(7)
    void anOutOfMemoryTrainingIsRecordedAsSuch() {
        assertThatThrownBy(() -> train("greedy", Map.of()))
                .isInstanceOf(TrainingException.class).hasMessageContaining("ran out of memory (profile tiny, 64Mi)")
                .hasMessageContaining("a profile with more memory, such as default (1Gi), S1 (1Gi), S2 (2Gi)");
        TrainingRun run = lineage.trainings().trainings(name, Optional.empty(), 1000).stream().filter(t -> t.task().equals("greedy")).findFirst()
                .orElseThrow();
        assertThat(run.state()).isEqualTo(TrainingState.FAILED);
        assertThat(run.reason()).contains("killed: out of memory (limit 64Mi)");
    }

    @Test
    @Order(8)
    void aTrainingWithoutTheRequiredFilePublishesNothing() {
        long before = lineage.models().versions(Optional.of("credit-model"), new Document(), true, Optional.empty(), 100).size();
        TrainResult result = train("forgetful", Map.of());
        assertThat(result.training().state()).isEqualTo(TrainingState.FINISHED);
        assertThat(result.version()).isEmpty();
        assertThat(result.publishError().orElseThrow()).contains("required file model.pkl is missing");
        assertThat(lineage.models().versions(Optional.of("credit-model"), new Document(), true, Optional.empty(), 100))
                .hasSize((int) before);
    }

    @Test
    @Order(9)
    void anUnknownFunctionOrABrokenImportNeverGoesLive() {
        String version = lineage.models().latestVersion("credit-model").orElseThrow().id();
        assertThatThrownBy(() -> serve("wrong-function", version))
                .isInstanceOf(ServeException.class).hasMessageContaining("has no function nope");
        assertThat(lineage.deployments().deployment(name, "wrong-function").orElseThrow().state())
                .isEqualTo(DeploymentState.FAILED);
        assertThatThrownBy(() -> serve("broken-import", "latest"))
                .isInstanceOf(ServeException.class).hasMessageContaining("No module named 'not_a_module_anywhere'")
                .hasMessageContaining("roro logs broken-import --failed").hasMessageNotContaining("Traceback");
        assertThat(platform.backends(name, "broken-import")).isEmpty();
        List<String> kept = new ArrayList<>();
        platform.services().failedLog(name, "broken-import", kept::add); // the backend is gone, its log is not
        assertThat(String.join("\n", kept)).contains("Traceback").contains("No module named 'not_a_module_anywhere'");
        // the example's predict.py loads /model/model.pkl: a service without model: says why in one line
        assertThatThrownBy(() -> serve("modelless", "latest")).isInstanceOf(ServeException.class)
                .hasMessageContaining("FileNotFoundError").hasMessageContaining("has no model: in roro.yml")
                .satisfies(e -> assertThat(e.getMessage().lines().count()).as(e.getMessage()).isEqualTo(1));
    }

    @Test
    @Order(10)
    void aDetachedTrainingIsFinishedByPolling() throws Exception {
        var training = training();
        var handle = training.start(new TrainRequest(spec, project, "retrain", Map.of("n_estimators", 10),
                Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { });
        // another process (a resumed Jenkins step) picks the training up from its saved handle
        var reloaded = training.handle(handle.trainingId());
        assertThat(reloaded).isEqualTo(handle);
        Optional<TrainResult> result = Optional.empty();
        for (int i = 0; i < 300 && result.isEmpty(); i++) {
            result = training.poll(reloaded.trainingId(), line -> { });
            Thread.sleep(200);
        }
        assertThat(result.orElseThrow().training().state()).isEqualTo(TrainingState.FINISHED);
        assertThat(result.get().version().orElseThrow().training()).contains(handle.trainingId());
        assertThat(result.get().training().metrics()).containsKey("auc");
        // polling a finished training again reports it, without side effects
        assertThat(training.poll(reloaded.trainingId(), line -> { }).orElseThrow().version().map(ModelVersion::id))
                .isEqualTo(result.get().version().map(ModelVersion::id));
    }

    @Test
    @Order(11)
    void aNotebookTaskRunsWithInjectedParametersAndReportsProgress() throws Exception {
        TrainResult result = train("notebook", Map.of("n", 7));
        assertThat(result.training().state()).isEqualTo(TrainingState.FINISHED);
        assertThat(result.training().progress()).isEqualTo(1.0);
        ModelVersion version = result.version().orElseThrow();
        Path back = root.resolve("notebook-model/model.pkl");
        lineage.artifacts().get(ArtifactRef.of(version.file("model.pkl").orElseThrow()), back);
        assertThat(Files.readString(back)).isEqualTo("7:from-roro");
        assertThat(version.files()).extracting(f -> f.name()).contains("executed-train.ipynb");
    }

    @Test
    @Order(12)
    void rollbackServesTheVersionBeforeTheCurrentOne() throws Exception {
        String before = lineage.deployments().previousVersion(name, "default").orElseThrow();
        String current = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();
        assertThat(before).isNotEqualTo(current);
        DeploymentEvent event = serving().rollBackToPrevious(spec, "default", () -> build, false, ORIGIN,
                line -> { }).orElseThrow();
        assertThat(event.type()).as("the timeline says it was a rollback").isEqualTo(DeploymentEventType.ROLLED_BACK);
        assertThat(event.message().orElseThrow()).contains("rolled back from " + current + " on build")
                .contains(", " + before + " on build");
        assertThat(event.modelVersion()).contains(before);
        assertThat(lineage.deployments().deployment(name, "default").orElseThrow().isLive()).isTrue();
        for (int i = 0; i < 100 && platform.backends(name, "default").size() > 1; i++) {
            Thread.sleep(200); // until then both versions answer, as in any switch
        }
        assertThat(predict().headers().firstValue("X-Roro-Model-Version")).contains(before);
    }

    @Test
    @Order(13)
    void aBackendThatDiesIsBroughtBackByDocker() throws Exception {
        String backend = platform.backends(name, "default").get(0);
        DockerCli docker = platform.docker();
        String policy = "";
        for (int i = 0; i < 50 && !policy.equals("unless-stopped"); i++) {
            Thread.sleep(100); // set right after the switch, in the background
            policy = docker.check(List.of("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", backend)).trim();
        }
        assertThat(policy).as("a live backend restarts after a crash or an engine restart").isEqualTo("unless-stopped");

        docker.check(List.of("exec", backend, "kill", "-TERM", "1")); // gunicorn exits as if it had crashed
        // a worker may still answer on its open connection while it shuts down: wait for the engine's restart
        String restarts = "0";
        for (int i = 0; i < 100 && restarts.equals("0"); i++) {
            Thread.sleep(200);
            restarts = docker.check(List.of("inspect", "-f", "{{.RestartCount}}", backend)).trim();
        }
        assertThat(restarts).as("the engine restarted the backend").isNotEqualTo("0");
        assertThat(answeredWithin20s().statusCode()).as("the restarted backend serves again").isEqualTo(200);
    }

    @Test
    @Order(14)
    void anotherRoroHomeServesAProjectOfTheSameNameBesideThisOne() throws Exception {
        // another user (or RORO_HOME) on this engine, with a project of the same name: a static file server
        Path otherProject = Files.createDirectories(root.resolve("other/" + name));
        Files.writeString(otherProject.resolve("roro.yml"), "project: " + name + "\nservices:\n  - name: default\n"
                + "    command: python3 -m http.server $PORT --bind 127.0.0.1\n    port: 8080\n"
                + "    health: {path: /}\n");
        ProjectSpec otherSpec = ProjectSpecReader.read(otherProject);
        Path otherHome = root.resolve("other/home");
        List<String> ours = platform.backends(name, "default");
        String served = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();
        try (Lineage otherLineage = Lineage.open(LineageConfig.embedded(otherHome.resolve("lineage.mv")))) {
            DockerPlatform other = new DockerPlatform(platform.docker(), () -> otherLineage, otherHome,
                    Map.of("RORO_HOME", otherHome.toString()));
            BuildVersion otherBuild = otherLineage.projects().recordBuild(build);
            String otherEndpoint = new ServeOperation(other, otherLineage).serve(new ServeRequest(otherSpec, "default", Optional.empty(),
                    Optional.empty(), otherBuild, Optional.empty(), ORIGIN), line -> { }).orElseThrow().endpoint().orElseThrow();

            assertThat(otherEndpoint).isNotEqualTo(endpoint);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(otherEndpoint)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(other.backends(name, "default")).doesNotContainAnyElementsOf(ours);
            Thread.sleep(1500); // past the hand-over's drain: had the other home taken ours over, it would be gone
            assertThat(platform.backends(name, "default")).isEqualTo(ours);
            assertThat(predict().headers().firstValue("X-Roro-Model-Version")).contains(served);

            new ServeOperation(other, otherLineage).stop(name, "default", ORIGIN);
            assertThat(platform.backends(name, "default")).isEqualTo(ours);
            assertThat(predict().statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(15)
    void configVarsReachTrainingsAndServicesButNeitherLogsNorLineage() throws Exception {
        String secret = "token-s3cr3t";
        HomeConfigVars vars = HomeConfigVars.of(root.resolve("home"), name);
        vars.set(Map.of("API_TOKEN", secret));
        try {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            TrainResult result = training().train(new TrainRequest(spec, project, "secret-check", Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), log::add);
            TrainingRun run = lineage.trainings().training(result.training().id()).orElseThrow();
            assertThat(run.state()).as("the task exits 4 without the var: " + log).isEqualTo(TrainingState.FINISHED);
            assertThat(String.join("\n", log)).contains("token of 12 characters").doesNotContain(secret)
                    .as("a task without model: says its output is not kept")
                    .contains("nothing published: task secret-check has no model: in roro.yml");
            assertThat(lineage.database().mongo().getCollection("trainings").find().into(new ArrayList<>())
                    .toString()).doesNotContain(secret);

            // a task that prints its secret, and fails with it in its last error line
            List<String> leaked = Collections.synchronizedList(new ArrayList<>());
            assertThatThrownBy(() -> training().train(new TrainRequest(spec, project, "secret-leak", Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), leaked::add))
                    .isInstanceOf(TrainingException.class).hasMessageNotContaining(secret)
                    .hasMessageContaining("rejected ****");
            assertThat(String.join("\n", leaked)).contains("using ****").doesNotContain(secret);
            TrainingRun failed = lineage.trainings().trainings(name, Optional.empty(), 1000).stream()
                    .filter(t -> t.task().equals("secret-leak")).findFirst().orElseThrow();
            assertThat(failed.reason().orElseThrow()).contains("rejected ****").doesNotContain(secret);
            List<String> stored = new ArrayList<>();
            assertThat(training().log(failed.id(), stored::add)).isTrue();
            assertThat(String.join("\n", stored)).contains("using ****").doesNotContain(secret);
            assertThat(lineage.database().mongo().getCollection("trainings").find().into(new ArrayList<>())
                    .toString()).doesNotContain(secret);
            for (Document chunk : lineage.database().mongo().getCollection("artifacts.chunks").find()) {
                assertThat(new String(chunk.get("data", Binary.class).getData(),
                        StandardCharsets.ISO_8859_1)).doesNotContain(secret);
            }

            // a training that reports it as a metric (in a value, a nested value and a key), and prints it
            var started = training().start(new TrainRequest(spec, project, "secret-metric", Map.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { });
            List<String> live = Collections.synchronizedList(new ArrayList<>());
            TrainingRun running = lineage.trainings().training(started.trainingId()).orElseThrow();
            for (int i = 0; i < 50 && live.stream().noneMatch(l -> l.contains("using")); i++) {
                live.clear();
                training().liveLog(running, live::add); // what `roro ui` shows while it runs
                Thread.sleep(100);
            }
            assertThat(String.join("\n", live)).as("the live log").contains("using ****").doesNotContain(secret);
            Optional<TrainResult> reported = Optional.empty();
            for (int i = 0; i < 300 && reported.isEmpty(); i++) {
                reported = training().poll(started.trainingId(), line -> { });
                Thread.sleep(200);
            }
            ModelVersion withMetrics = reported.orElseThrow().version().orElseThrow();
            assertThat(withMetrics.metrics()).containsEntry("leaked", "****").containsEntry("****", 1)
                    .doesNotContainKey(secret);
            assertThat(withMetrics.metrics().toString()).doesNotContain(secret);
            assertThat(lineage.trainings().training(started.trainingId()).orElseThrow().metrics().toString())
                    .contains("****").doesNotContain(secret);
            assertThat(lineage.database().mongo().getCollection("model_versions").find().into(new ArrayList<>())
                    .toString()).doesNotContain(secret);
            assertThat(Files.readString(started.workDir().orElseThrow().resolve("training.log")))
                    .as("the log kept on disk").contains("using ****").doesNotContain(secret);

            // a service that prints it: neither the error nor the timeline shows it
            assertThatThrownBy(() -> serve("secret-print", "latest")).isInstanceOf(ServeException.class)
                    .hasMessageContaining("cannot use ****").hasMessageNotContaining(secret);
            assertThat(lineage.deployments().timeline(name, "secret-print").stream()
                    .map(e -> e.message().orElse("")).toList().toString()).contains("****").doesNotContain(secret);

            String current = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion()
                    .orElseThrow();
            serve("default", current);
            String backend = platform.backends(name, "default").stream()
                    .filter(b -> platform.docker().check(List.of("inspect", "-f", "{{.Config.Env}}", b))
                            .contains("API_TOKEN=" + secret)).findFirst().orElse("");
            assertThat(backend).as("a backend started after `config set` has the var").isNotEmpty();
            assertThat(lineage.database().mongo().getCollection("deployment_events").find().into(new ArrayList<>())
                    .toString()).doesNotContain(secret);
        } finally {
            vars.unset(List.of("API_TOKEN"));
        }
    }

    @Test
    @Order(16)
    void aLocalCopyThatNoLongerMatchesItsRecordIsFetchedAgainBeforeServing() throws Exception {
        String live = lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();
        ModelVersion version = lineage.models().modelVersion(live).orElseThrow();
        String before = predict().body();
        Path copy = root.resolve("home/models/credit-model/" + version.version() + "/model.pkl");
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x01; // one flipped bit, same size
        copy.toFile().setWritable(true, true);
        Files.write(copy, bytes);

        serve("default", live);

        assertThat(LineageFixtures.sha256(copy))
                .isEqualTo(version.file("model.pkl").orElseThrow().sha256());
        assertThat(predict().body()).isEqualTo(before);
        try (var incoming = Files.list(root.resolve("home/models/.incoming"))) {
            assertThat(incoming).as("no partial download is left").isEmpty();
        }
        try (var files = Files.list(copy.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the mounted directory holds the version's"
                    + " files only").containsExactlyInAnyOrderElementsOf(version.files().stream()
                            .map(f -> f.name()).toList());
        }
    }

    @Test
    @Order(17)
    void aDeployWhoseBuildCannotBeRecordedNeverGoesLive() throws Exception {
        Deployment before = lineage.deployments().deployment(name, "default").orElseThrow();
        String live = before.modelVersion().orElseThrow();
        Path code = project.resolve("predict.py");
        String original = Files.readString(code);
        // the image builds; lineage refuses its record while the new backend starts
        ProjectBuilder refusing = new ProjectBuilder() {
            @Override
            public BuildVersion build(ProjectSpec s, Path dir, Origin origin, Consumer<String> log) {
                throw new AssertionError("a deploy records its build beside its services");
            }

            @Override
            public Recording buildRecordedBeside(ProjectSpec s, Path dir, Origin origin,
                    Consumer<String> log) {
                ImageBuilder.BuiltImage image = platform.builder().buildImage(s, dir, log);
                return new Recording(new BuildVersion(image.project(), image.tag(), image.image(), image.imageId(),
                        image.git(), "local", Instant.now(), origin),
                        CompletableFuture.failedFuture(
                                new LineageException("lineage refused the build")));
            }
        };
        try {
            Files.writeString(code, original + "\n# a code change\n");
            assertThatThrownBy(() -> new DeployOperation(platform, lineage, refusing).deploy(spec, project, ORIGIN,
                    line -> { })).hasMessageContaining("lineage refused the build");
        } finally {
            Files.writeString(code, original);
        }

        assertThat(lineage.deployments().deployment(name, "default").orElseThrow().buildVersion())
                .isEqualTo(before.buildVersion());
        assertThat(lineage.deployments().timeline(name, "default")).last().extracting(DeploymentEvent::buildVersion)
                .isEqualTo(before.buildVersion());
        assertThat(predict().headers().firstValue("X-Roro-Model-Version")).contains(live);
        assertThat(platform.backends(name, "default")).as("the new backend is gone, the live one stays")
                .hasSize(1);
    }

    @Test
    @Order(18)
    void theEnginesApiAndTheCommandLineBuildTheSameImage() throws Exception {
        // the same engine, reached through a context: the command line
        Map<String, String> viaContext = CommandLineDocker.environment(
                Files.createTempDirectory(root, "docker-config-"));
        DockerCli commandLine = new DockerCli(viaContext);
        ImageBuilder throughCli = new ImageBuilder(commandLine, new RuntimeImages(commandLine, viaContext),
                lineage::projects, Map.of());
        Path copy = Files.createDirectories(root.resolve("build-both-ways"));
        for (String file : List.of("predict.py", "train.py", "roro.yml")) {
            Files.copy(project.resolve(file), copy.resolve(file));
        }
        Files.writeString(copy.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        copy.resolve("run.sh").toFile().setExecutable(true, false);

        ImageBuilder.BuiltImage onEngine = platform.builder().buildImage(spec, copy, line -> { });
        platform.docker().check(List.of("rmi", onEngine.image()));
        ImageBuilder.BuiltImage onCli = throughCli.buildImage(spec, copy, line -> { });

        assertThat(onCli.tag()).isEqualTo(onEngine.tag());
        String listing = "find /app -printf '%P %m %u %s\\n' | sort";
        String files = platform.docker().check(List.of("run", "--rm", "--network", "none", onCli.image(), "sh",
                "-c", listing));
        assertThat(files).contains("predict.py 644 root", "run.sh 755 root").doesNotContain(".roro.Dockerfile",
                ".dockerignore");
        ImageBuilder.BuiltImage again = platform.builder().buildImage(spec, copy, line -> { });
        assertThat(platform.docker().check(List.of("run", "--rm", "--network", "none", again.image(), "sh", "-c",
                listing))).isEqualTo(files);

        // a project's own .dockerignore is the command line's to apply: such a build goes there
        Files.writeString(copy.resolve("notes.txt"), "not for the image");
        Files.writeString(copy.resolve(".dockerignore"), "notes.txt\n");
        ImageBuilder.BuiltImage ignoring = platform.builder().buildImage(spec, copy, line -> { });
        assertThat(platform.docker().check(List.of("run", "--rm", "--network", "none", ignoring.image(), "ls", "-a",
                "/app"))).doesNotContain("notes.txt", ".roro.Dockerfile").contains("predict.py");

        // a failing build says why, as the command line would
        Files.delete(copy.resolve(".dockerignore"));
        Files.writeString(copy.resolve("requirements.txt"), "no-such-package-anywhere==1.0\n");
        assertThatThrownBy(() -> platform.builder().buildImage(spec, copy, line -> { }))
                .isInstanceOf(DockerException.class)
                .hasMessageContaining("docker build failed").hasMessageContaining("no-such-package-anywhere");
    }

    @Test
    @Order(19)
    void theFirstTrainingsOfTwoHomesWithOneProjectRunSideBySide() throws Exception {
        // two users (or two Jenkins homes) on one engine, each with the project and its first training, retrain-1
        List<Lineage> lineages = new ArrayList<>();
        List<TrainOperation> operations = new ArrayList<>();
        List<TrainingHandle> handles = new ArrayList<>();
        try {
            for (String home : List.of("home-a", "home-b")) {
                Path dir = root.resolve(home);
                Lineage homeLineage = Lineage.open(LineageConfig.embedded(dir.resolve("lineage.mv")));
                lineages.add(homeLineage);
                ProjectRegistration.register(spec, project, homeLineage, ORIGIN);
                ModelPublisher.of(homeLineage).publishDataset("credit-model", "credit-data",
                        root.resolve("data"), Map.of(), ORIGIN, ArtifactStore.Progress.NONE);
                BuildVersion homeBuild = homeLineage.projects().recordBuild(build);
                TrainOperation operation = new TrainOperation(new DockerPlatform(platform.docker(),
                        () -> homeLineage, dir, Map.of("RORO_HOME", dir.toString())), homeLineage);
                operations.add(operation);
                handles.add(operation.start(new TrainRequest(spec, project, "retrain", Map.of("n_estimators", 10),
                        Optional.empty(), Optional.empty(), Optional.empty(), homeBuild, ORIGIN, true), line -> { }));
            }
            assertThat(handles).extracting(TrainingHandle::trainingId)
                    .containsOnly(name + ":retrain-1");
            assertThat(handles.get(0).container()).isNotEqualTo(handles.get(1).container());
            for (int i = 0; i < 2; i++) {
                Optional<TrainResult> result = Optional.empty();
                for (int poll = 0; poll < 300 && result.isEmpty(); poll++) {
                    result = operations.get(i).poll(handles.get(i).trainingId(), line -> { });
                    Thread.sleep(200);
                }
                assertThat(result.orElseThrow().training().state()).as("home %d", i)
                        .isEqualTo(TrainingState.FINISHED);
            }
        } finally {
            lineages.forEach(Lineage::close);
        }
    }

    @Test
    @Order(20)
    void whatDockerKillStoppedIsStartedAgainByTheNextPsAndSaidSo() throws Exception {
        DockerCli docker = platform.docker();
        assertThat(predict().statusCode()).isEqualTo(200);
        for (int i = 0; i < 100 && platform.backends(name, "default").size() > 1; i++) {
            Thread.sleep(100); // the version before drains
        }
        List<String> backends = platform.backends(name, "default");
        String router = docker.check(List.of("ps", "--filter", "label=io.roro.project=" + name, "--filter",
                "label=io.roro.role=router", "--format", "{{.Names}}")).strip();
        docker.check(List.of("kill", router));
        for (String backend : backends) {
            docker.check(List.of("kill", backend)); // the engine's restart policy leaves a killed container stopped
        }
        Thread.sleep(1000);
        assertThatThrownBy(this::predict).as("nothing answers").isInstanceOf(IOException.class);

        List<String> said = new ArrayList<>();
        Map<String, Integer> ready = new ServeOperation(platform, lineage).ready(name,
                lineage.deployments().deployments(Optional.of(name)), said::add);
        assertThat(String.join("\n", said)).contains("the router of " + name).contains("started it again")
                .contains("backend " + backends.get(0) + " of " + name + ":default was not running");
        assertThat(ready).containsEntry("default", backends.size());
        assertThat(answeredWithin20s().statusCode()).as("served again").isEqualTo(200);
    }

    @Test
    @Order(21)
    void aTrainingReadsItsDataFromTheNetworkUnlessItsTaskSaysNone() throws Exception {
        HttpServer warehouse = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        warehouse.createContext("/export.csv", exchange -> {
            byte[] rows = "income,default\n52000,0\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, rows.length);
            exchange.getResponseBody().write(rows);
            exchange.close();
        });
        warehouse.start();
        try {
            String url = "http://127.0.0.1:" + warehouse.getAddress().getPort() + "/export.csv";
            TrainResult fetched = train("fetches", Map.of("url", url));
            assertThat(fetched.training().state()).isEqualTo(TrainingState.FINISHED);
            Path copy = root.resolve("fetched");
            ModelVersion version = fetched.version().orElseThrow();
            lineage.fetchVersion(version.id(), copy);
            assertThat(copy.resolve("model.pkl")).content().isEqualTo("income,default\n52000,0\n");
            // what it read, recorded from Python (roro_runtime.project.dataset_dir), is a dataset version lineage
            // knows, and not part of the model version
            assertThat(fetched.training().dataset()).contains("credit-model:warehouse-export:v1");
            assertThat(version.dataset()).contains("credit-model:warehouse-export:v1");
            assertThat(version.files()).extracting(StoredFile::name).containsExactly("model.pkl");
            Path read = root.resolve("read");
            lineage.fetchDataset("credit-model:warehouse-export:v1", read);
            assertThat(read.resolve("export.csv")).content().isEqualTo("income,default\n52000,0\n");

            assertThatThrownBy(() -> train("isolated", Map.of("url", url))).isInstanceOf(TrainingException.class)
                    .hasMessageContaining("URLError");
        } finally {
            warehouse.stop(0);
        }
    }

    @Test
    @Order(22)
    void aProfileThisEngineCannotGiveIsRefusedNamingTheOnesThatFit() {
        assertThatThrownBy(() -> train("huge", Map.of())).hasMessageContaining("profile huge limits its CPUs to"
                + " 4096, and this Docker engine has").hasMessageContaining("profiles that fit: default, S1");
        assertThat(platform.docker().run(List.of("ps", "-a", "--filter", "label=io.roro.training=huge-1",
                "--format", "{{.Names}}"), 30).stdout()).as("nothing started").isBlank();
    }

    @Test
    @Order(23)
    void aTaskReadsItsDatasetsNewestVersionWhenItStartsUnlessItPinsOne() throws Exception {
        Path data = Files.createDirectories(root.resolve("data-v2"));
        Files.writeString(data.resolve("credit.csv"), "income,default\n1,1\n");
        assertThat(ModelPublisher.of(lineage).publishDataset("credit-model", "credit-data", data,
                Map.of(), ORIGIN, ArtifactStore.Progress.NONE).dataset().id())
                .isEqualTo("credit-model:credit-data:v2");

        TrainResult newest = train("newest-data", Map.of());
        assertThat(newest.training().dataset()).contains("credit-model:credit-data:v2");
        assertThat(newest.version().orElseThrow().dataset()).contains("credit-model:credit-data:v2");
        Path copy = root.resolve("newest");
        lineage.fetchVersion(newest.version().orElseThrow().id(), copy);
        assertThat(copy.resolve("model.pkl")).content().isEqualTo("income,default\n1,1\n");

        TrainResult pinned = train("pinned-data", Map.of());
        assertThat(pinned.training().dataset()).contains("credit-model:credit-data:v1");
        Path old = root.resolve("pinned");
        lineage.fetchVersion(pinned.version().orElseThrow().id(), old);
        assertThat(Files.readString(old.resolve("model.pkl"))).isNotEqualTo("income,default\n1,1\n")
                .startsWith("income,");
    }

    @Test
    @Order(24)
    void aPredictionOverItsTimeoutIsStoppedAnswered504OnceAndCountedAndTheRoutersOwnErrorsAreJson()
            throws Exception {
        String slowEndpoint = serve("slow", "latest").endpoint().orElseThrow();
        long started = System.nanoTime();
        HttpResponse<String> slow = http.send(HttpRequest.newBuilder(URI.create(slowEndpoint))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": 8}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        double took = (System.nanoTime() - started) / 1e9;
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(slow.body()).get("error").asText()).contains("took longer than 2s");
        assertThat(took).as("answered at its timeout, not when the function would have ended").isLessThan(6);
        // run once: the service's two backends together saw one prediction, the 504, counted as an error
        long predictions = 0;
        long errors = 0;
        for (int attempt = 0; attempt < 20 && predictions == 0; attempt++) {
            Thread.sleep(250);
            predictions = 0;
            errors = 0;
            for (String backend : platform.backends(name, "slow")) {
                String port = platform.docker().check(List.of("inspect", "-f",
                        "{{index .Config.Labels \"io.roro.port\"}}", backend)).trim();
                var counts = RuntimeMetrics.served(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                predictions += counts.requests();
                errors += counts.errors();
            }
        }
        assertThat(predictions).isEqualTo(1);
        assertThat(errors).isEqualTo(1);

        HttpResponse<String> quick = http.send(HttpRequest.newBuilder(URI.create(slowEndpoint))
                .POST(HttpRequest.BodyPublishers.ofString("{\"seconds\": 0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(quick.body()).get("ratio").isNull()).as("NaN answered as null: " + quick.body())
                .isTrue();
        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(URI.create(slowEndpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[11 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(JSON.readTree(huge.body()).get("error").asText()).contains("larger than 10 MB");
        // and counted: the router passes its own refusal to a backend, whose /metrics has it
        long refused = 0;
        for (int attempt = 0; attempt < 20 && refused == 0; attempt++) {
            Thread.sleep(250);
            refused = 0;
            for (String backend : platform.backends(name, "slow")) {
                String port = platform.docker().check(List.of("inspect", "-f",
                        "{{index .Config.Labels \"io.roro.port\"}}", backend)).trim();
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = Pattern.compile(
                        "roro_requests_total\\{route=\"router\",status=\"413\"\\} (\\d+)").matcher(metrics);
                refused += m.find() ? Long.parseLong(m.group(1)) : 0;
            }
        }
        assertThat(refused).as("the router's 413 counted by a backend").isEqualTo(1);
    }

    @Test
    @Order(25)
    void withBatchingOneMalformedRequestFailsOnlyItselfWithItsOwnMessage() throws Exception {
        String live = serve("default", "credit-model:v1").endpoint().orElseThrow(); // a real model (Order 2)
        String malformed = APPLICATION.replace("\"income\": 52000", "\"income\": \"lots\"");
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(live)).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(i % 10 == 3 ? malformed : APPLICATION)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int good = 0;
        for (int i = 0; i < sent.size(); i++) {
            HttpResponse<String> answer = sent.get(i).join();
            if (i % 10 == 3) {
                assertThat(answer.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(answer.body()).get("error").asText())
                        .isEqualTo("income must be a number, got 'lots'");
            } else {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                good++;
            }
        }
        assertThat(good).isEqualTo(900);
    }

    /** The first 200 within 20 s, else the last answer; fails when nothing answered at all. */
    private HttpResponse<String> answeredWithin20s() throws InterruptedException {
        HttpResponse<String> answer = null;
        for (int i = 0; i < 100 && (answer == null || answer.statusCode() != 200); i++) {
            Thread.sleep(200);
            try {
                answer = predict();
            } catch (IOException e) {
                answer = null;
            }
        }
        assertThat(answer).as("an answer within 20 s").isNotNull();
        return answer;
    }

    private static void git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        run(dir, command.toArray(String[]::new));
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
