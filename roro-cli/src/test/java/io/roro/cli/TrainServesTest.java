package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.cli.invocation.Invocation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task with {@code serve:} puts what `roro train` published live, as the Jenkins retrain job does; a detached
 * training does it by itself, without anyone asking.
 */
class TrainServesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(400)
    void trainServesTheNewVersionOnTheTasksServiceUnlessToldNot(@TempDir Path dir) throws Exception {
        DockerReady.assume("TrainServesTest");
        String project = "trainserve-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\n"
                + "services:\n  - name: default\n    function: app.answer\n    model: m\n"
                + "tasks:\n  - name: retrain\n    command: python3 train.py\n    model: m\n    serve: default\n"
                + "models:\n  - name: m\n    files: [{name: model.txt, required: true}]\n");
        Files.writeString(projectDir.resolve("train.py"), "import os, time\n"
                + "open(os.path.join(os.environ['RORO_OUTPUT_DIR'], 'model.txt'), 'w').write(str(time.time_ns()))\n"
                + "print('wrote model.txt', flush=True)\n");
        Files.writeString(projectDir.resolve("app.py"), "import os\n"
                + "def answer():\n    return {'model': open(os.path.join(os.environ['RORO_MODEL_DIR'],"
                + " 'model.txt')).read()}\n");
        Invocation.Scope home = TestHome.use(dir.resolve("home"));
        try {
            CliRun trained = CliRun.of("train", "retrain", "--json", "-C", projectDir.toString());
            assertThat(trained.exitCode()).as(trained.err()).isZero();
            JsonNode answer = JSON.readTree(trained.out());
            String version = answer.at("/version/model").asText() + ":" + answer.at("/version/version").asText();
            assertThat(version).as(trained.out() + trained.err()).isEqualTo("m:v1");
            assertThat(answer.at("/served/modelVersion").asText()).isEqualTo(version);
            assertThat(trained.err()).contains("serving m:v1 on default");
            String endpoint = service(projectDir).get("endpoint").asText();
            assertThat(JSON.readTree(predict(endpoint)).get("model").asText()).isNotBlank();

            CliRun second = CliRun.of("train", "retrain", "--no-serve", "--json", "-C", projectDir.toString());
            assertThat(second.exitCode()).as(second.err()).isZero();
            assertThat(JSON.readTree(second.out()).at("/version/version").asText()).isEqualTo("v2");
            assertThat(JSON.readTree(second.out()).path("served").isNull()).as("nothing served").isTrue();
            assertThat(service(projectDir).get("modelVersion").asText()).as("still the first").isEqualTo("m:v1");

            // detached, nobody asks: it ends, publishes and serves by itself, and every reader sees it
            CliRun detached = CliRun.of("train", "retrain", "--detach", "-C", projectDir.toString());
            assertThat(detached.exitCode()).as(detached.err()).isZero();
            String id = detached.out().strip();
            CliRun followed = CliRun.of("train", "logs", "-f", id);
            assertThat(followed.exitCode()).as(followed.err()).isZero();
            assertThat(followed.out()).as("followed to its end").contains("wrote model.txt");
            String served = "";
            for (int i = 0; i < 120 && !served.equals("m:v3"); i++) {
                Thread.sleep(1000);
                served = service(projectDir).get("modelVersion").asText();
            }
            assertThat(served).as("served by itself, finisher log: " + finisherLog(dir, id)).isEqualTo("m:v3");
            CliRun status = CliRun.of("train", "status", id);
            assertThat(status.out()).contains(id + " FINISHED 100%").contains("-> m:v3");
            assertThat(JSON.readTree(predict(service(projectDir).get("endpoint").asText())).get("model").asText())
                    .isNotBlank();
        } finally {
            try {
                DetachedProcesses.awaitEnd(dir, Duration.ofSeconds(60)); // the detached training's finisher
            } finally {
                home.close();
                DockerReady.removeProject(project);
            }
        }
    }

    private static String finisherLog(Path dir, String id) {
        try {
            return Files.readString(dir.resolve("home/finishers/" + id.replace(':', '_') + ".log"));
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    private static JsonNode service(Path projectDir) throws Exception {
        CliRun ps = CliRun.of("ps", "--json", "-C", projectDir.toString());
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        return JSON.readTree(ps.out()).get("services").get(0);
    }

    private static String predict(String endpoint) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
