package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.cli.invocation.Invocation;
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

/** `roro init`: a project that is valid at once and, on the Docker engine, trains and serves without an edit. */
class InitCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void makesAValidProjectAndRefusesToOverwriteOrABadName() throws Exception {
        Path target = dir.resolve("iris");
        CliRun made = CliRun.of("init", "iris", "--dir", target.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).contains("roro train train");
        assertThat(target.resolve("roro.yml")).content().contains("project: iris").contains("name: iris-model");
        assertThat(target.resolve("train.py")).exists();
        assertThat(target.resolve("predict.py")).exists();
        assertThat(target.resolve("requirements.txt")).content().contains("pandas");
        CliRun valid = CliRun.of("validate", target.toString());
        assertThat(valid.exitCode()).as(valid.err() + valid.out()).isZero();

        CliRun again = CliRun.of("init", "iris", "--dir", target.toString());
        assertThat(again.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(again.err()).contains("is not an empty directory");
        assertThat(Files.readString(target.resolve("roro.yml"))).contains("project: iris");

        CliRun bad = CliRun.of("init", "Iris_Project", "--dir", dir.resolve("x").toString());
        assertThat(bad.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(bad.err()).contains("not a valid project name");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    @Timeout(400)
    void theProjectTrainsAndServesAsItIs() throws Exception {
        DockerReady.assume("InitCommandTest");
        String project = "init-" + UUID.randomUUID().toString().substring(0, 8);
        Path target = dir.resolve(project);
        assertThat(CliRun.of("init", project, "--dir", target.toString()).exitCode()).isZero();
        Invocation.Scope home = TestHome.use(dir.resolve("home"));
        try {
            CliRun trained = CliRun.of("train", "train", "--json", "-C", target.toString());
            assertThat(trained.exitCode()).as(trained.err()).isZero();
            JsonNode answer = JSON.readTree(trained.out());
            assertThat(answer.at("/version/model").asText()).isEqualTo(project + "-model");
            assertThat(answer.at("/training/metrics/accuracy").asDouble()).isGreaterThan(0.8);
            assertThat(answer.at("/training/metrics/features").asInt()).as("read as a pandas frame").isEqualTo(4);
            assertThat(answer.at("/served/modelVersion").asText()).as("the task's serve: puts it live")
                    .isEqualTo(project + "-model:v1");
            CliRun ps = CliRun.of("ps", "--json", "-C", target.toString());
            String endpoint = JSON.readTree(ps.out()).get("services").get(0).get("endpoint").asText();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"features\": [5.1, 3.5, 1.4, 0.2]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("setosa");

            // the training as roro ps names it, in the project's directory
            String shortName = JSON.readTree(ps.out()).get("trainings").get(0).get("name").asText();
            CliRun log = CliRun.of("train", "logs", shortName, "-C", target.toString());
            assertThat(log.exitCode()).as(log.err()).isZero();
            CliRun status = CliRun.of("train", "status", shortName, "-C", target.toString());
            assertThat(status.out()).startsWith(project + ":" + shortName + " FINISHED");
            CliRun noProject = CliRun.of("train", "logs", shortName, "-C", dir.resolve("nowhere").toString());
            assertThat(noProject.exitCode()).isEqualTo(RoroCommand.INVALID);
            assertThat(noProject.err()).contains("give PROJECT:" + shortName);
        } finally {
            home.close();
            DockerReady.removeProject(project);
        }
    }
}
