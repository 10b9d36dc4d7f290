package io.roro.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.DockerPlatform;
import io.roro.core.platform.docker.RuntimeImages;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
 * Canary and shadow rollouts on a real Docker engine, with a small project whose model file says how it answers
 * (and how often it fails): shares counted by X-Roro-Model-Version over thousands of requests, no failed request
 * across a canary's start and its promotion, a failing canary taken away by the judge with users seeing errors
 * only from its share, a shadow's differing answers counted while users get only the live ones, each step in
 * lineage. Skipped, visibly, where no Docker engine or base image exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProgressiveDeliveryTest {
    private static final Origin ORIGIN = Origin.of("test", "canary");
    private static final String PREDICT = """
            import json, os

            MODEL = {}

            def init():
                with open(os.path.join(os.environ.get("RORO_MODEL_DIR", "/model"), "model.json")) as f:
                    MODEL.update(json.load(f))

            def predict(x):
                if x % 100 < MODEL.get("fail_percent", 0):
                    raise ValueError("this version fails on %d" % x)
                return {"y": x * MODEL["scale"]}
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path root;
    private String name;
    private Lineage lineage;
    private DockerPlatform platform;
    private ProjectSpec spec;
    private BuildVersion build;
    private String endpoint;
    private String v1;
    private Path home;

    @BeforeAll
    void setUp() throws Exception {
        DockerCli docker = new DockerCli();
        boolean engine = docker.available();
        boolean base = engine && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!engine || !base) {
            System.err.println("SKIPPED ProgressiveDeliveryTest: " + (engine ? "base image "
                    + RuntimeImages.DEFAULT_BASE + " is missing" : "no Docker engine") + "; run scripts/setup-docker.sh");
        }
        assumeTrue(engine && base, "no Docker engine or base image; run scripts/setup-docker.sh");
        root = Files.createTempDirectory("roro-canary-");
        name = "canary-" + UUID.randomUUID().toString().substring(0, 8);
        Path project = Files.createDirectories(root.resolve(name));
        Files.writeString(project.resolve("predict.py"), PREDICT);
        Files.writeString(project.resolve("roro.yml"), """
                project: %s
                services:
                  - name: default
                    function: predict.predict
                    model: m
                    health: {start_period_s: 5}
                    rollout: {canary: 20, promote_after: 5m, max_error_rate: 1%%, min_requests: 50}
                  - name: other
                    function: predict.predict
                    model: m
                models:
                  - name: m
                """.formatted(name));
        home = root.resolve("home");
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
        platform = new DockerPlatform(docker, () -> lineage, home, Map.of("RORO_HOME", home.toString()));
        spec = ProjectSpecReader.read(project);
        ProjectRegistration.register(spec, project, lineage, ORIGIN);
        build = platform.builder().build(spec, project, ORIGIN, line -> { });
        v1 = publish(Map.of("scale", 1));
        endpoint = new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(v1),
                Optional.empty(), build, Optional.empty(), ORIGIN), line -> { }).orElseThrow().endpoint().orElseThrow();
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
        docker.run(List.of("rmi", "-f", build.image()), 120);
        lineage.close();
    }

    @Test
    @Order(1)
    void aShareOutsideOneToNinetyNineAPromotionWithoutCanaryAndACanaryOfAServiceNotLiveAreRefused() {
        long revision = revision();
        for (int share : new int[] {0, 100, -5}) {
            assertThatThrownBy(() -> start(v1, Candidate.Mode.CANARY, share)).isInstanceOf(ServeException.class)
                    .hasMessageContaining("1 to 99 percent").hasMessageContaining("not " + share);
        }
        assertThatThrownBy(() -> canaries().promote(name, "default", Optional.empty(), ORIGIN, line -> { }))
                .isInstanceOf(ServeException.class).hasMessageContaining("no canary or shadow of " + name
                        + ":default runs").hasMessageContaining("nothing to promote");
        assertThatThrownBy(() -> start(v1, Candidate.Mode.CANARY, 10)).as("the version that is live already")
                .isInstanceOf(ServeException.class).hasMessageContaining("nothing new to try");
        assertThatThrownBy(() -> canaries().start(spec, "other", Optional.of(v1), Candidate.Mode.CANARY, 10,
                () -> build, ORIGIN, line -> { })).isInstanceOf(ServeException.class)
                .hasMessageContaining(name + ":other is not live").hasMessageContaining("roro serve other");
        assertThat(revision()).as("nothing recorded").isEqualTo(revision);
        assertThat(platform.backends(name, "default")).hasSize(1);
    }

    @Test
    @Order(2)
    void aTwentyPercentCanaryAnswersItsShareAndIsPromotedWithoutAFailedRequest() throws Exception {
        String v2 = publish(Map.of("scale", 1));
        Load load = new Load(2);
        Thread.sleep(300);
        DeploymentEvent started = start(v2, Candidate.Mode.CANARY, 20);
        assertThat(started.type()).isEqualTo(DeploymentEventType.CANARY_STARTED);
        assertThat(started.modelVersion()).contains(v1);
        assertThat(started.candidate().orElseThrow().share()).isEqualTo(20);
        Instant during = Instant.now();

        Map<String, AtomicInteger> byVersion = count(2000);
        assertThat(byVersion.keySet()).containsExactlyInAnyOrder(v1, v2);
        assertThat(byVersion.get(v2).get()).as("20%% ± 4 of 2,000: %s", byVersion).isBetween(320, 480);
        assertThatThrownBy(() -> new ServeOperation(platform, lineage).prepare(spec, "default", Optional.of(v2),
                Optional.empty(), Optional.empty(), line -> { })).as("a serve while the canary runs")
                .hasMessageContaining("promote default").hasMessageContaining("rollback default");

        DeploymentEvent promoted = canaries().promote(name, "default", Optional.empty(), ORIGIN, line -> { });
        Thread.sleep(1500);
        load.stop();
        assertThat(load.errors).as("no failed request across the canary's start and its promotion").isEmpty();
        assertThat(load.requests.get()).isGreaterThan(100);
        assertThat(promoted.modelVersion()).contains(v2);
        assertThat(count(300).keySet()).containsExactly(v2);

        DeploymentEvent then = lineage.deployments().at(name, "default", during).orElseThrow();
        assertThat(then.type()).isEqualTo(DeploymentEventType.CANARY_STARTED);
        assertThat(then.liveShare()).isEqualTo(80);
        assertThat(lineage.deployments().deployment(name, "default").orElseThrow().candidate()).isEmpty();
        awaitBackends(1);
    }

    @Test
    @Order(3)
    void aCanaryThatFailsOnThirtyPercentIsTakenAwayByTheJudgeAndUsersSawErrorsOnlyFromIt() throws Exception {
        String live = liveVersion();
        String v3 = publish(Map.of("scale", 1, "fail_percent", 30));
        start(v3, Candidate.Mode.CANARY, 20);
        Map<String, AtomicInteger> errorsByVersion = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = predict(ThreadLocalRandom.current().nextInt(1, 1_000_000));
                        if (r.statusCode() != 200) {
                            errorsByVersion.computeIfAbsent(r.statusCode() + " from " + r.headers()
                                    .firstValue("X-Roro-Model-Version").orElse("?"), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        errorsByVersion.computeIfAbsent(e.toString(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        RolloutPolicy policy = spec.service("default").orElseThrow().rollout().orElseThrow();
        List<String> said = Collections.synchronizedList(new ArrayList<>());
        Optional<DeploymentEvent> outcome = new CanaryWatch(platform, lineage, Clock.systemUTC(),
                Duration.ofMillis(300)).watch(name, "default", policy, ORIGIN, said::add);
        Thread.sleep(1000); // requests after the verdict: all from the live version again
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        DeploymentEvent aborted = outcome.orElseThrow();
        assertThat(aborted.type()).isEqualTo(DeploymentEventType.ABORTED);
        assertThat(aborted.modelVersion()).contains(live);
        assertThat(aborted.message().orElseThrow()).contains("error rate").contains("above max_error_rate 1.0%");
        assertThat(errorsByVersion).as("users saw errors only from the canary").isNotEmpty()
                .allSatisfy((what, n) -> assertThat(what).isEqualTo("500 from " + v3));
        assertThat(count(300).keySet()).containsExactly(live);
        assertThat(said).anySatisfy(line -> assertThat(line).startsWith("taking canary 20% " + v3 + " away"));
        awaitBackends(1);
    }

    @Test
    @Order(4)
    void aShadowsDifferingAnswersAreCountedWhileUsersGetOnlyTheLiveOnes() throws Exception {
        String live = liveVersion();
        String v4 = publish(Map.of("scale", 2)); // a deliberately different model
        DeploymentEvent started = start(v4, Candidate.Mode.SHADOW, 0);
        assertThat(started.type()).isEqualTo(DeploymentEventType.SHADOW_STARTED);
        for (int i = 1; i <= 300; i++) {
            HttpResponse<String> r = predict(i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Roro-Model-Version")).contains(live);
            assertThat(r.body()).isEqualTo("{\"y\": " + i + "}");
        }
        TrafficReport report = awaitCopies(300);
        assertThat(report.sample().shadow().differ()).isEqualTo(300);
        assertThat(report.sample().shadow().errors()).isZero();
        assertThat(report.sample().candidate().requests()).as("the shadow's own count").isEqualTo(300);
        assertThat(report.text()).contains("300 answered otherwise (100.0%)");
        assertThat(lineage.queries().downstreamOfVersion(v4).edges()).anySatisfy(e -> assertThat(e.relation())
                .isEqualTo("shadow on"));

        DeploymentEvent aborted = canaries().abort(name, "default", "answers differ", ORIGIN, line -> { });
        assertThat(aborted.type()).isEqualTo(DeploymentEventType.ABORTED);
        assertThat(lineage.queries().downstreamOfVersion(v4).edges()).allSatisfy(e -> assertThat(e.relation())
                .isEqualTo("was deployed to"));
        awaitBackends(1);
    }

    @Test
    @Order(5)
    void whatAKilledCommandLeftIsPutRightToWhatLineageRecords() throws Exception {
        String live = liveVersion();
        String v5 = publish(Map.of("scale", 1));
        start(v5, Candidate.Mode.CANARY, 50);
        Path liveFile = home.resolve("routers").resolve(name).resolve("live").resolve("default");
        String canary = Files.readString(liveFile).strip();
        String stable = canary.substring(0, canary.indexOf(':'));
        // killed after CANARY_STARTED was recorded, before the router was told: nothing reaches the canary
        Files.writeString(liveFile, stable + "\n");
        assertThat(count(200).keySet()).containsExactly(live);
        List<String> said = new ArrayList<>();
        platform.services().ready(name, lineage.deployments().deployments(Optional.of(name)), said::add); // roro ps
        assertThat(Files.readString(liveFile).strip()).isEqualTo(canary);
        assertThat(said).anySatisfy(line -> assertThat(line).contains("with canary 50% " + v5));
        assertThat(count(400).keySet()).containsExactlyInAnyOrder(live, v5);

        // killed after ABORTED was recorded, before the router was told: the canary still had its share
        Deployment d = lineage.deployments().deployment(name, "default").orElseThrow();
        lineage.deployments().record(new DeploymentChange(name, "default",
                DeploymentEventType.ABORTED, d.state(), d.modelVersion(), d.buildVersion(), d.replicas(), d.profile(),
                d.target(), d.endpoint(), Optional.of("killed"), ORIGIN));
        platform.services().ready(name, lineage.deployments().deployments(Optional.of(name)), line -> { });
        assertThat(Files.readString(liveFile).strip()).isEqualTo(stable);
        assertThat(count(300).keySet()).containsExactly(live);
        assertThat(platform.backends(name, "default")).as("the canary nobody records is gone").hasSize(1);
    }

    private TrafficReport awaitCopies(int copies) throws InterruptedException {
        TrafficReport report = canaries().report(name, "default");
        for (int i = 0; i < 100 && (report.sample().shadow().requests() < copies
                || report.sample().candidate().requests() < copies); i++) {
            // copies are sent after the answers, and each worker's counts reach /metrics every half second
            Thread.sleep(100);
            report = canaries().report(name, "default");
        }
        return report;
    }

    private DeploymentEvent start(String version, Candidate.Mode mode, int share) {
        return canaries().start(spec, "default", Optional.of(version), mode, share, () -> build, ORIGIN, line -> { });
    }

    private CanaryOperation canaries() {
        return new CanaryOperation(platform, lineage);
    }

    private String publish(Map<String, Object> model) throws IOException {
        Path dir = Files.createDirectories(root.resolve("model-" + UUID.randomUUID()));
        Files.writeString(dir.resolve("model.json"), new ObjectMapper()
                .writeValueAsString(model));
        ModelVersion version = ModelPublisher.of(lineage).publish(PublishRequest.of("m", dir, ORIGIN));
        return version.id();
    }

    private long revision() {
        return lineage.deployments().deployment(name, "default").map(Deployment::revision).orElse(0L);
    }

    private String liveVersion() {
        return lineage.deployments().deployment(name, "default").orElseThrow().modelVersion().orElseThrow();
    }

    private void awaitBackends(int n) throws InterruptedException {
        for (int i = 0; i < 150 && platform.backends(name, "default").size() > n; i++) {
            Thread.sleep(200); // what was taken away drains in the background
        }
        assertThat(platform.backends(name, "default")).hasSize(n);
    }

    private Map<String, AtomicInteger> count(int requests) throws Exception {
        Map<String, AtomicInteger> byVersion = new ConcurrentHashMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread client = new Thread(() -> {
                while (next.getAndIncrement() < requests) {
                    try {
                        HttpResponse<String> r = predict(7);
                        if (r.statusCode() != 200) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                        byVersion.computeIfAbsent(r.headers().firstValue("X-Roro-Model-Version").orElse("?"),
                                k -> new AtomicInteger()).incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failures.add(e.toString());
                    }
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(failures).isEmpty();
        return byVersion;
    }

    private HttpResponse<String> predict(int x) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"x\": " + x
                        + "}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Clients sending predictions until stopped; every failure kept. */
    private final class Load {
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int clients) {
            for (int t = 0; t < clients; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = predict(3);
                            requests.incrementAndGet();
                            if (r.statusCode() != 200) {
                                errors.add(r.statusCode() + " " + r.body() + " " + r.headers().map());
                            }
                        } catch (IOException | InterruptedException e) {
                            errors.add(e.toString());
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
