package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kill -9` of `roro serve` while its new backends start: every answer keeps coming from the version lineage
 * records as live, and the next command removes what the killed one left, saying so. Then, right after a serve
 * returns, every new request is answered by the version it served.
 */
class ServeKilledTest {
    @TempDir
    Path dir;
    private ModelServiceProject project;
    private Path projectDir;
    private String projectName;

    @BeforeEach
    void setUp() throws Exception {
        DockerReady.assume("ServeKilledTest");
        // version "two" loads slowly: gunicorn listens before its worker is ready, so requests can reach it then
        project = ModelServiceProject.create(dir, "killed", app("first"));
        projectDir = project.dir;
        projectName = project.name;
    }

    /** The service's code: {@code code} is in every answer; model "two" and code "slow" load for six seconds. */
    private static String app(String code) {
        return "import os, time\nMODEL = None\nCODE = '" + code + "'\n"
                + "def init():\n    global MODEL\n"
                + "    MODEL = open(os.path.join(os.environ['RORO_MODEL_DIR'], 'model.txt')).read()\n"
                + "    time.sleep(6 if MODEL == 'two' or CODE == 'slow' else 0)\n"
                + "def answer():\n    return {'model': MODEL, 'code': CODE}\n";
    }

    @AfterEach
    void tearDown() {
        if (project != null) { // null: skipped
            project.close();
        }
    }

    private String publish(String content) throws Exception {
        return project.publish(content);
    }

    private HttpResponse<String> predict(String endpoint) throws Exception {
        return project.predict(endpoint);
    }

    private List<String> backends() {
        return project.backends();
    }

    /** Runs roro in a process of its own and kills it (SIGKILL) once its new backend listens but is not ready. */
    private void killWhileItsBackendStarts(String... args) throws Exception {
        Process roro = project.roro(args);
        BufferedReader output = new BufferedReader(new InputStreamReader(roro.getInputStream(),
                StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line; (line = output.readLine()) != null; ) {
            seen.add(line);
            if (line.contains("waiting for /health")) {
                break;
            }
        }
        assertThat(seen).as("the child got to the health wait").anyMatch(l -> l.contains("waiting for /health"));
        Thread.sleep(1000); // its backend listens, its worker is still loading
        roro.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(roro.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(backends()).as("the killed command's backend is still there").hasSize(2);
    }

    /** Requests for a while: every one must be answered, with {@code expected} in its body. */
    private void everyAnswerContains(String endpoint, String expected, String header) throws Exception {
        int answers = 0;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(9); System.nanoTime() < end; answers++) {
            HttpResponse<String> r = predict(endpoint);
            assertThat(r.statusCode()).as("answer %d: %s", answers, r.body()).isEqualTo(200);
            assertThat(r.body()).as("answer %d", answers).contains(expected);
            assertThat(r.headers().firstValue("X-Roro-Model-Version")).as("answer %d", answers).contains(header);
        }
        assertThat(answers).isGreaterThan(20);
    }

    @Test
    void aKilledServeNeverRoutesToWhatLineageDoesNotListAndTheNextCommandCleansUp() throws Exception {
        String v1 = publish("one");
        String v2 = publish("two");
        CliRun first = CliRun.of("serve", "default", "--version", v1, "-C", projectDir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String endpoint = first.out().replaceAll("(?s).*\"endpoint\" : \"([^\"]+)\".*", "$1");
        assertThat(predict(endpoint).body()).contains("one");
        for (int i = 0; i < 50 && backends().size() > 1; i++) {
            Thread.sleep(100);
        }
        assertThat(backends()).hasSize(1);

        // roro serve v2 in a process of its own, killed while its backend starts
        killWhileItsBackendStarts("serve", "default", "--version", v2);

        // through the unrecorded backend's start and after it: every answer from the recorded version
        everyAnswerContains(endpoint, "\"one\"", v1);

        CliRun ps = CliRun.of("ps", "-C", projectDir.toString());
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.err()).contains("removed 1 backend of " + projectName + ":default that an interrupted serve or"
                + " deploy left");
        assertThat(ps.out()).containsPattern("default +RUNNING +" + v1 + " +1/1 ");
        assertThat(backends()).hasSize(1);

        // a serve that returns has switched: the next request is answered by what it served
        CliRun second = CliRun.of("serve", "default", "--version", v2, "-C", projectDir.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        for (int i = 0; i < 40; i++) {
            assertThat(predict(endpoint).headers().firstValue("X-Roro-Model-Version")).as("answer %d", i)
                    .contains(v2);
        }
        CliRun rollback = CliRun.of("rollback", "default", "-C", projectDir.toString());
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(predict(endpoint).headers().firstValue("X-Roro-Model-Version")).contains(v1);
    }

    @Test
    void aKilledDeployLeavesTheRecordedBuildServingAndTheNextCommandCleansUp() throws Exception {
        String v1 = publish("one");
        CliRun first = CliRun.of("deploy", "-C", projectDir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String endpoint = first.out().replaceAll("(?s).*\"endpoint\" : \"([^\"]+)\".*", "$1");
        assertThat(predict(endpoint).body()).contains("first");
        for (int i = 0; i < 50 && backends().size() > 1; i++) {
            Thread.sleep(100);
        }

        project.writeApp(app("slow")); // a code change: the next deploy builds and starts a backend of its own
        killWhileItsBackendStarts("deploy");
        everyAnswerContains(endpoint, "\"first\"", v1);

        CliRun serve = CliRun.of("serve", "default", "-C", projectDir.toString());
        assertThat(serve.exitCode()).as(serve.err()).isZero();
        assertThat(serve.out()).contains("removed 1 backend of " + projectName + ":default that an interrupted serve or"
                + " deploy left");
    }

    @Test
    void aServeKilledAfterLineageRecordedItIsRoutedToByTheNextCommand() throws Exception {
        String v1 = publish("one");
        CliRun first = CliRun.of("serve", "default", "--version", v1, "-C", projectDir.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path liveFile = project.home.resolve("routers/" + projectName + "/live/default");
        String generation = Files.readString(liveFile).strip();
        // what a serve killed between recording and switching leaves: lineage names the backends, the route not
        Files.writeString(liveFile, "gone00\n");
        CliRun ps = CliRun.of("ps", "-C", projectDir.toString());
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.err()).contains("is recorded as serving " + v1 + "; its backends now take its traffic");
        assertThat(Files.readString(liveFile).strip()).isEqualTo(generation);
        assertThat(backends()).hasSize(1);
    }
}
