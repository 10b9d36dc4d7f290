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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The canary commands as a user types them, on the engine: roro.yml's rollout: makes the next serve of a live
 * service a canary, ps and timeline show both versions with their shares, traffic shows their numbers, promote
 * --judge promotes it once promote_after has passed within the limits, rollback takes the next one away.
 */
class CanaryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(400)
    void rolloutMakesTheNextServeACanaryThatIsJudgedPromotedOrTakenAway(@TempDir Path dir) throws Exception {
        DockerReady.assume("CanaryCommandsTest");
        String project = "canarycli-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\n"
                + "services:\n  - name: default\n    function: app.answer\n    model: m\n"
                + "    rollout: {canary: 30, promote_after: 4s, min_requests: 20}\n"
                + "models:\n  - name: m\n");
        Files.writeString(projectDir.resolve("app.py"), "import os\n"
                + "def answer():\n    return {'model': open(os.path.join(os.environ['RORO_MODEL_DIR'],"
                + " 'model.txt')).read()}\n");
        Invocation.Scope home = TestHome.use(dir.resolve("home"));
        try {
            for (int v = 1; v <= 3; v++) {
                Path out = Files.createDirectories(dir.resolve("out" + v));
                Files.writeString(out.resolve("model.txt"), "v" + v);
                CliRun published = CliRun.of("publish", "--project", projectDir.toString(), "--model", "m",
                        "--path", out.toString());
                assertThat(published.exitCode()).as(published.err()).isZero();
            }
            CliRun first = CliRun.of("serve", "--version", "m:v1", "--json", "-C", projectDir.toString());
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(JSON.readTree(first.out()).get("type").asText()).as("not live yet: all at once")
                    .isEqualTo("DEPLOYED");
            String endpoint = JSON.readTree(first.out()).get("endpoint").asText();
            assertThat(predictions(endpoint, 60)).containsOnlyKeys("v1"); // answered before the canary starts

            CliRun canary = CliRun.of("serve", "--version", "m:v2", "--detach", "--json", "-C", projectDir.toString());
            assertThat(canary.exitCode()).as(canary.err()).isZero();
            JsonNode started = JSON.readTree(canary.out());
            assertThat(started.get("type").asText()).isEqualTo("CANARY_STARTED");
            assertThat(started.at("/candidate/share").asInt()).isEqualTo(30);
            assertThat(canary.err()).contains("canary 30% m:v2 beside m:v1").contains("roro promote default --judge");

            CliRun ps = CliRun.of("ps", "-C", projectDir.toString());
            assertThat(ps.out()).contains("m:v1 (70%)").contains("CANARY").contains("m:v2 (30%)")
                    .as("READY counts the live version's backends, not the canary's").contains(" 1/1 ")
                    .doesNotContain("2/1");
            Map<String, Integer> seen = predictions(endpoint, 100);
            assertThat(seen).containsOnlyKeys("v1", "v2");

            CliRun traffic = CliRun.of("traffic", "-C", projectDir.toString());
            assertThat(traffic.exitCode()).as(traffic.err()).isZero();
            assertThat(traffic.out()).doesNotContain("87600h");
            Matcher liveCount = Pattern.compile("live: +(\\d+) requests")
                    .matcher(traffic.out());
            assertThat(liveCount.find()).as(traffic.out()).isTrue();
            assertThat(Integer.parseInt(liveCount.group(1))).as("the live side counted from the canary's start,"
                    + " not the 60 answered before it: " + traffic.out()).isLessThanOrEqualTo(100);
            assertThat(traffic.out()).contains("canary 30% m:v2").containsPattern("canary: +\\d+ requests, 0 errors")
                    // the judge's view of it now: within the limits, or due already if 4 s have passed
                    .containsPattern("so far: +(within the limits|due for promotion) \\(judged 4s after its start\\)");

            CliRun judged = CliRun.of("promote", "--judge", "--json", "-C", projectDir.toString());
            assertThat(judged.exitCode()).as(judged.err()).isZero();
            JsonNode promoted = JSON.readTree(judged.out());
            assertThat(promoted.get("type").asText()).isEqualTo("PROMOTED");
            assertThat(promoted.get("message").asText()).contains("within the limits after 4s");
            assertThat(predictions(endpoint, 30)).containsOnlyKeys("v2");
            CliRun again = CliRun.of("promote", "--judge", "--json", "-C", projectDir.toString());
            assertThat(again.exitCode()).as("a judge asked again after its verdict answers with it").isZero();
            assertThat(JSON.readTree(again.out()).get("revision").asInt()).isEqualTo(promoted.get("revision").asInt());

            CliRun next = CliRun.of("serve", "--version", "m:v3", "--detach", "-C", projectDir.toString());
            assertThat(next.exitCode()).as(next.err()).isZero();
            CliRun rollback = CliRun.of("rollback", "-C", projectDir.toString());
            assertThat(rollback.exitCode()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("took canary 30% m:v3 away: default answers every request with m:v2");
            CliRun afterRollback = CliRun.of("ps", "-C", projectDir.toString());
            assertThat(afterRollback.out() + afterRollback.err()).as("the canary drains; it is no leftover")
                    .doesNotContain("interrupted serve or deploy");
            assertThat(predictions(endpoint, 30)).containsOnlyKeys("v2");
            CliRun afterAbort = CliRun.of("promote", "--judge", "-C", projectDir.toString());
            assertThat(afterAbort.exitCode()).isEqualTo(1);
            assertThat(afterAbort.err()).contains("the canary was taken away").contains("rolled back by");

            // a code change deployed goes out as a canary too: the same model version on the new build
            Files.writeString(projectDir.resolve("app.py"), Files.readString(projectDir.resolve("app.py"))
                    + "# changed\n");
            CliRun deployed = CliRun.of("deploy", "-C", projectDir.toString());
            assertThat(deployed.exitCode()).as(deployed.err()).isZero();
            assertThat(deployed.out()).contains("with canary 30% m:v2, judged for 4s: roro promote default --judge");
            assertThat(CliRun.of("ps", "-C", projectDir.toString()).out()).contains("m:v2 (70%)").contains("CANARY");
            assertThat(CliRun.of("rollback", "-C", projectDir.toString()).exitCode()).isZero();

            CliRun timeline = CliRun.of("timeline", "default", "-C", projectDir.toString());
            assertThat(timeline.out()).contains("CANARY_STARTED").contains("m:v1 (70%) + canary 30% m:v2")
                    .contains("PROMOTED").contains("ABORTED");
        } finally {
            home.close();
            DockerReady.removeProject(project);
        }
    }

    private static Map<String, Integer> predictions(String endpoint, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            seen.merge(JSON.readTree(r.body()).get("model").asText(), 1, Integer::sum);
        }
        return seen;
    }
}
