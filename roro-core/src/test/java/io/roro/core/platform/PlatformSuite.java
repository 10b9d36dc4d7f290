package io.roro.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.deploy.DeployOperation;
import io.roro.core.contract.DeployResult;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.contract.TrainingState;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.TrafficReport;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import java.io.IOException;
import java.net.ConnectException;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operations on a platform end to end, the same suite for every target that runs on this machine (a subclass
 * per platform opens it and adds what is its own): deploy builds once, a training publishes its output, a function
 * is served, a new version goes live under load without a failed request, rollback, a service that does not start
 * is not live and says why, a 30% canary answers its share and is measured and promoted, stop takes the endpoint
 * off. The project is plain Python and roro_runtime, so it runs the same on every target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PlatformSuite {
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Origin ORIGIN = Origin.of("test", "suite");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    protected Path root;
    protected Path project;
    protected Lineage lineage;
    protected Platform platform;
    protected ProjectSpec spec;
    protected BuildVersion build;
    private String endpoint;

    /** Skips (an assumption) where this machine cannot run the platform, saying what is missing. */
    protected abstract void assumeRunnable() throws Exception;

    /** The platform over {@code home} and {@code lineage}. */
    protected abstract Platform open(Path home, Lineage lineage);

    /** What this platform's build of the project is (an image, a Python environment). */
    protected abstract void assertIsTheProjectsBuild(BuildVersion build);

    /** The router's own log so far (nginx's error log). */
    protected abstract String routerLog();

    /** Removes what the suite left on the platform besides its services (images). */
    protected void cleanUp() {
    }

    @BeforeAll
    void setUp() throws Exception {
        assumeRunnable();
        root = Files.createTempDirectory("roro-suite-");
        String name = "suite-" + UUID.randomUUID().toString().substring(0, 8);
        project = Files.createDirectories(root.resolve(name));
        Files.writeString(project.resolve("roro.yml"), """
                project: %s
                runtime: python3
                services:
                  - name: default
                    function: predict.predict
                    model: m
                    health: {start_period_s: 30}
                  - name: broken
                    function: broken.predict
                    health: {start_period_s: 10}
                tasks:
                  - name: train
                    command: python3 train.py
                    model: m
                  - name: fails
                    command: python3 -c "import sys; print('bad row 17', file=sys.stderr); sys.exit(3)"
                  - name: gpu
                    command: python3 train.py
                    model: m
                    profile: gpu
                  - name: isolated
                    command: python3 train.py
                    network: none
                models: [m]
                profiles:
                  gpu: {gpu: 1}
                """.formatted(name));
        Files.writeString(project.resolve("train.py"), """
                import json
                from roro_runtime import project
                p = project.params(k=1)
                with open(project.output_path("model.json"), "w") as f:
                    json.dump({"k": p["k"]}, f)
                project.metrics(k=p["k"])
                print("trained with k =", p["k"])
                """);
        Files.writeString(project.resolve("broken.py"), "raise RuntimeError('no model store configured')\n\ndef predict():\n    return 1\n");
        Files.writeString(project.resolve("predict.py"), """
                import json
                from roro_runtime import project
                with open(project.model_path("model.json")) as f:
                    MODEL = json.load(f)

                def predict(x=0):
                    return {"y": x * MODEL["k"]}
                """);
        Path home = root.resolve("home");
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
        platform = open(home, lineage);
        spec = ProjectSpecReader.read(project);
        ProjectRegistration.register(spec, project, lineage, ORIGIN);
    }

    @AfterAll
    void tearDown() {
        if (platform == null || spec == null) {
            return;
        }
        for (String service : List.of("default", "broken")) {
            platform.services().stop(spec.project(), service);
        }
        cleanUp();
        lineage.close();
    }

    @Test
    @Order(1)
    void deployBuildsOnceAndRecordsTheBuild() {
        DeployResult result = new DeployOperation(platform, lineage).deploy(spec, project, ORIGIN, line -> { });
        build = result.build();
        assertIsTheProjectsBuild(build);
        assertThat(result.services()).filteredOn(s -> s.service().equals("default")).singleElement()
                .satisfies(s -> assertThat(s.problem().orElseThrow()).contains("no version of m yet"));
        assertThat(platform.builder().build(spec, project, ORIGIN, line -> { }).id()).as("an unchanged tree")
                .isEqualTo(build.id());
    }

    @Test
    @Order(2)
    void aTrainingRunsAsAProcessAndPublishesItsOutput() throws Exception {
        TrainResult trained = train("train", 2);
        assertThat(trained.training().state()).isEqualTo(TrainingState.FINISHED);
        assertThat(trained.training().metrics()).containsEntry("k", 2);
        ModelVersion v1 = trained.version().orElseThrow();

        endpoint = serve(v1.id()).endpoint().orElseThrow();
        HttpResponse<String> answer = predict(3);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("y").asInt()).isEqualTo(6);
        assertThat(answer.headers().firstValue("X-Roro-Model-Version")).contains(v1.id());
        assertThat(platform.services().ready(spec.project(), lineage.deployments().deployments(Optional.of(spec.project())),
                line -> { })).containsEntry("default", 1);
    }

    @Test
    @Order(3)
    void aNewVersionGoesLiveUnderLoadWithoutAFailedRequest() throws Exception {
        ModelVersion v2 = train("train", 5).version().orElseThrow();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Set<String> failures = ConcurrentHashMap.newKeySet();
        Set<Integer> answers = ConcurrentHashMap.newKeySet();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = predict(3);
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    } else {
                        answers.add(JSON.readTree(r.body()).get("y").asInt());
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        load.start();
        Thread.sleep(300);
        serve(v2.id());
        Thread.sleep(300);
        running.set(false);
        load.join();
        assertThat(failures).as("requests that failed while the version changed").isEmpty();
        assertThat(answered.get()).isGreaterThan(10);
        assertThat(answers).containsAnyOf(6, 15).isSubsetOf(6, 15);
        assertThat(JSON.readTree(predict(3).body()).get("y").asInt()).as("v2 answers").isEqualTo(15);
    }

    @Test
    @Order(4)
    void rollbackServesTheVersionBefore() throws Exception {
        DeploymentEvent event = new ServeOperation(platform, lineage).rollBackToPrevious(spec, "default", () -> build,
                false, ORIGIN, line -> { }).orElseThrow();
        assertThat(event.endpoint()).contains(endpoint);
        assertThat(JSON.readTree(predict(3).body()).get("y").asInt()).isEqualTo(6);
    }

    @Test
    @Order(5)
    void aServiceThatDoesNotStartIsNotLiveAndSaysWhy() {
        assertThatThrownBy(() -> new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "broken",
                Optional.empty(), Optional.empty(), build, Optional.empty(), ORIGIN), line -> { }))
                .hasMessageContaining("health check").hasMessageContaining("no model store configured");
    }

    @Test
    @Order(6)
    void aFailedTrainingSaysHowItEnded() {
        assertThatThrownBy(() -> train("fails", 1)).hasMessageContaining("failed with exit code 3: bad row 17");
    }

    @Test
    @Order(7)
    void aCanaryAnswersItsShareIsMeasuredAndPromoted() throws Exception {
        String v2 = newest();
        CanaryOperation canaries = new CanaryOperation(platform, lineage);
        canaries.start(spec, "default", Optional.of(v2), Candidate.Mode.CANARY, 30, () -> build, ORIGIN, line -> { });
        Map<Integer, Integer> byAnswer = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            HttpResponse<String> r = predict(3);
            assertThat(r.statusCode()).isEqualTo(200);
            byAnswer.merge(JSON.readTree(r.body()).get("y").asInt(), 1, Integer::sum);
        }
        assertThat(byAnswer.keySet()).containsExactlyInAnyOrder(6, 15);
        assertThat(byAnswer.get(15)).as("30%% ± 8 of 400: %s", byAnswer).isBetween(88, 152);
        Thread.sleep(1200); // each worker writes its counts every half second
        TrafficReport report = canaries.report(spec.project(), "default");
        assertThat(report.sample().candidate().requests()).isEqualTo((long) byAnswer.get(15));
        assertThat(report.sample().live().requests()).isEqualTo((long) byAnswer.get(6));

        canaries.promote(spec.project(), "default", Optional.empty(), ORIGIN, line -> { });
        for (int i = 0; i < 50; i++) {
            assertThat(JSON.readTree(predict(3).body()).get("y").asInt()).isEqualTo(15);
        }
        assertThat(lineage.deployments().deployment(spec.project(), "default").orElseThrow().modelVersion())
                .contains(v2);
    }

    private String newest() {
        return lineage.deployments().deployment(spec.project(), "default").orElseThrow().modelVersion()
                .map(v -> v.replaceAll(":v\\d+$", ":v2")).orElseThrow();
    }

    /**
     * Through a deploy, a switch under load, a rollback and a canary promoted, the router never tried a port with
     * nothing behind it: the live generation's workers held the slot it was not in (roro_runtime.slots).
     */
    @Test
    @Order(8)
    void theRouterNeverMetAPortWithoutABackend() {
        assertThat(routerLog()).doesNotContain("connect() failed").doesNotContain("no live upstreams");
    }

    @Test
    @Order(9)
    void stopTakesTheServiceOffItsEndpoint() {
        platform.services().stop(spec.project(), "default");
        assertThatThrownBy(() -> predict(3)).isInstanceOf(ConnectException.class);
    }

    protected TrainResult train(String task, int k) {
        return new TrainOperation(platform, lineage).train(new TrainRequest(spec, project, task, Map.of("k", k),
                Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { });
    }

    private DeploymentEvent serve(String version) {
        return new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(version),
                Optional.empty(), build, Optional.empty(), ORIGIN), line -> { }).orElseThrow();
    }

    private HttpResponse<String> predict(int x) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": " + x + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
