package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.platform.docker.DockerCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `roro serve` of one service at once, each a process of its own as two Jenkins builds run them (no resident
 * roro to queue them): they run one after the other, both succeed, no request fails meanwhile, and what answers
 * at the end is what lineage records as live, on one backend.
 */
class ConcurrentServeTest {
    @TempDir
    Path dir;
    private io.roro.cli.invocation.Invocation.Scope saved;
    private final DockerCli docker = new DockerCli();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String project = "together-" + UUID.randomUUID().toString().substring(0, 8);
    private Path home;
    private Path projectDir;

    @BeforeEach
    void setUp() throws Exception {
        DockerReady.assume("ConcurrentServeTest");
        home = dir.resolve("home");
        saved = TestHome.use(home);
        projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\n"
                + "services:\n  - name: default\n    function: app.answer\n    model: " + project + "-model\n"
                + "    health: {path: /health, start_period_s: 20}\n"
                + "models:\n  - name: " + project + "-model\n    files: [{name: model.txt, required: true}]\n");
        // every version takes three seconds to load: two serves started together overlap in their health waits
        Files.writeString(projectDir.resolve("app.py"), "import os, time\nMODEL = None\n"
                + "def init():\n    global MODEL\n"
                + "    MODEL = open(os.path.join(os.environ['RORO_MODEL_DIR'], 'model.txt')).read()\n"
                + "    time.sleep(3)\n"
                + "def answer():\n    return {'model': MODEL}\n");
    }

    @AfterEach
    void tearDown() {
        if (saved == null) { // skipped
            return;
        }
        saved.close();
        DockerReady.removeProject(project);
    }

    private String publish(String content) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out-" + content));
        Files.writeString(out.resolve("model.txt"), content);
        CliRun run = CliRun.of("publish", "--project", projectDir.toString(), "--model", project + "-model", "--path",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().replaceAll("(?s)^published (\\S+) .*", "$1");
    }

    private Process roro(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.roro.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("-C", projectDir.toString()));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put("RORO_HOME", home.toString());
        child.environment().put("RORO_NO_DAEMON", "1");
        return child.start();
    }

    private List<String> backends() {
        return docker.run(List.of("ps", "--filter", "label=io.roro.project=" + project, "--filter",
                "label=io.roro.role=backend", "--format", "{{.Names}}"), 30).stdout().lines().toList();
    }

    @Test
    void twoServesOfOneServiceAtOnceRunOneAfterTheOtherWithoutAFailedRequest() throws Exception {
        String v1 = publish("one");
        String v2 = publish("two");
        String v3 = publish("three");
        CliRun first = CliRun.of("serve", "default", "--version", v1, "-C", projectDir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String endpoint = first.out().replaceAll("(?s).*\"endpoint\" : \"([^\"]+)\".*", "$1");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answers = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Thread probe = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                            .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    answers.incrementAndGet();
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (IOException | InterruptedException e) {
                    failures.add(e.toString());
                }
            }
        });
        probe.start();

        Process two = roro("serve", "default", "--version", v2);
        Process three = roro("serve", "default", "--version", v3);
        String twoSaid = new String(two.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String threeSaid = new String(three.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(two.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(three.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1000);
        running.set(false);
        probe.join();

        assertThat(two.exitValue()).as(twoSaid).isZero();
        assertThat(three.exitValue()).as(threeSaid).isZero();
        assertThat(twoSaid + threeSaid).as("the one that came second waited, and said so")
                .contains("another serve or deploy of default runs now; waiting for it to end");
        assertThat(failures).as("failed requests of %d", answers.get()).isEmpty();
        assertThat(answers.get()).isGreaterThan(20);

        // what lineage records as live is what answers, on one backend
        CliRun ps = CliRun.of("ps", "-C", projectDir.toString(), "--json");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        String live = ps.out().replaceAll("(?s).*\"modelVersion\" : \"([^\"]+)\".*", "$1");
        assertThat(live).isIn(v2, v3);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("X-Roro-Model-Version")).contains(live);
        }
        for (int i = 0; i < 100 && backends().size() > 1; i++) {
            Thread.sleep(100); // the hand-over of the one before drains
        }
        assertThat(backends()).hasSize(1);
    }
}
