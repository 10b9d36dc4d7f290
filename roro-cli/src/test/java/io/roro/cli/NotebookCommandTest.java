package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.docker.DockerCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * roro notebook on the Docker engine: Jupyter answers on the printed URL with its token, a cell runs through
 * Jupyter's own API (kernel over its WebSocket) and sees the dataset and the model version, a notebook saved in
 * it lands in the project directory, ps lists it, and stop leaves nothing running.
 */
class NotebookCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    @Timeout(400)
    void jupyterInTheProjectImageWithTheDataAndTheModel() throws Exception {
        DockerReady.assume("NotebookCommandTest");
        String project = "nb-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\n"
                + "models:\n  - name: m\n    files: [{name: model.txt, required: true}]\ndatasets: [rows]\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("rows.csv"), "a\nb\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("model.txt"), "weights-42");
        Invocation.Scope home = TestHome.use(dir.resolve("home"));
        CompletableFuture<Integer> running = null;
        try {
            assertThat(CliRun.of("datasets", "publish", "--project", projectDir.toString(), "--model", "m", "--name",
                    "rows", "--path", data.toString()).exitCode()).isZero();
            assertThat(CliRun.of("publish", "--project", projectDir.toString(), "--model", "m", "--path",
                    out.toString()).exitCode()).isZero();
            CliRun badProfile = CliRun.of("notebook", "-C", projectDir.toString(), "--profile", "huge");
            assertThat(badProfile.exitCode()).isEqualTo(RoroCommand.INVALID);
            assertThat(badProfile.err()).contains("no profile 'huge'");

            StringWriter printed = new StringWriter();
            CommandLine cli = RoroCommand.commandLine();
            cli.setOut(new PrintWriter(printed, true));
            cli.setErr(new PrintWriter(new StringWriter(), true));
            running = CompletableFuture.supplyAsync(() -> cli.execute("notebook", "-C", projectDir.toString(),
                    "--dataset", "rows", "--version", "m:v1", "--json"));
            JsonNode answer = null;
            for (int i = 0; i < 600 && answer == null; i++) {
                assertThat(running).as("the command runs until stopped").isNotDone();
                String text = printed.toString().trim();
                if (text.endsWith("}")) {
                    answer = JSON.readTree(text);
                } else {
                    Thread.sleep(200);
                }
            }
            assertThat(answer).isNotNull();
            URI url = URI.create(answer.get("url").asText());
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            String token = url.getQuery().substring("token=".length());
            String base = "http://127.0.0.1:" + url.getPort();
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/kernels")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("nothing without the token").isEqualTo(403);

            HttpResponse<String> kernel = http.send(HttpRequest.newBuilder(URI.create(base + "/api/kernels"))
                    .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
            String kernelId = JSON.readTree(kernel.body()).get("id").asText();
            String output = execute(http, base, token, kernelId, "import os\nprint('data', sorted(os.listdir("
                    + "os.environ['RORO_DATA_DIR'])), 'model', open(os.path.join(os.environ['RORO_MODEL_DIR'],"
                    + " 'model.txt')).read())");
            assertThat(output).contains("data ['rows.csv'] model weights-42");

            HttpResponse<String> saved = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/contents/explore.ipynb"))
                    .header("Authorization", "token " + token).PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"type\": \"notebook\", \"content\": {\"cells\": [], \"metadata\": {}, \"nbformat\": 4,"
                                    + " \"nbformat_minor\": 5}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
            assertThat(projectDir.resolve("explore.ipynb")).as("saved in the project directory").exists();

            JsonNode ps = JSON.readTree(CliRun.of("ps", "--json", "-C", projectDir.toString()).out());
            assertThat(ps.get("notebooks").get(0).get("url").asText()).isEqualTo(url.toString());

            CliRun stop = CliRun.of("notebook", "stop", "-C", projectDir.toString());
            assertThat(stop.out()).contains("stopped 1 notebook server of " + project);
            assertThat(running.get(30, TimeUnit.SECONDS)).as("the foreground command returns").isZero();
            assertThat(new DockerCli().run(List.of("ps", "-aq", "--filter", "label=io.roro.project=" + project,
                    "--filter", "label=io.roro.role=notebook"), 30).stdout()).as("nothing left").isBlank();
        } finally {
            if (running != null && !running.isDone()) {
                CliRun.of("notebook", "stop", "-C", projectDir.toString());
            }
            home.close();
            DockerReady.removeProject(project);
        }
    }

    /** Runs code in the kernel through Jupyter's channels WebSocket; returns what it printed. */
    private static String execute(HttpClient http, String base, String token, String kernel, String code)
            throws Exception {
        CompletableFuture<String> printed = new CompletableFuture<>();
        String id = UUID.randomUUID().toString();
        StringBuilder stdout = new StringBuilder();
        StringBuilder frame = new StringBuilder();
        WebSocket socket = http.newWebSocketBuilder().header("Authorization", "token " + token)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/api/kernels/" + kernel + "/channels"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                frame.append(data);
                                if (last) {
                                    try {
                                        JsonNode message = JSON.readTree(frame.toString());
                                        String type = message.path("header").path("msg_type").asText();
                                        boolean ours = message.path("parent_header").path("msg_id").asText()
                                                .equals(id);
                                        if (ours && type.equals("stream")) {
                                            stdout.append(message.path("content").path("text").asText());
                                        } else if (ours && type.equals("status") && message.path("content")
                                                .path("execution_state").asText().equals("idle")) {
                                            // the kernel is idle again only after all the cell's output (the
                                            // shell channel's execute_reply may come before it)
                                            printed.complete(stdout.toString());
                                        }
                                    } catch (IOException e) {
                                        printed.completeExceptionally(e);
                                    }
                                    frame.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(30, TimeUnit.SECONDS);
        Map<String, Object> request = Map.of(
                "header", Map.of("msg_id", id, "username", "test", "session",
                        UUID.randomUUID().toString(), "msg_type", "execute_request", "version", "5.3", "date", ""),
                "parent_header", Map.of(), "metadata", Map.of(), "channel", "shell",
                "content", Map.of("code", code, "silent", false, "store_history", false, "user_expressions", Map.of(),
                        "allow_stdin", false, "stop_on_error", true));
        socket.sendText(JSON.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
        try {
            return printed.get(60, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }
}
