package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.docker.DockerCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The fixture of the tests that run `roro serve` and `roro deploy` as processes of their own on the Docker engine:
 * a project with one service whose function answers with its model file, in a roro home of its own (the test's
 * in-process commands use it too until {@link #close()}, which removes the project's containers and images).
 */
final class ModelServiceProject implements AutoCloseable {
    final String name;
    final Path home;
    final Path dir;
    private final Invocation.Scope saved;
    private final DockerCli docker = new DockerCli();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ModelServiceProject(String name, Path home, Path dir) {
        this.name = name;
        this.home = home;
        this.dir = dir;
        this.saved = TestHome.use(home);
    }

    /** @param app the service's module app.py: its answer(), init() loading RORO_MODEL_DIR/model.txt */
    static ModelServiceProject create(Path root, String prefix, String app) throws IOException {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("roro.yml"), "project: " + name + "\n"
                + "services:\n  - name: default\n    function: app.answer\n    model: " + name + "-model\n"
                + "    health: {path: /health, start_period_s: 20}\n"
                + "models:\n  - name: " + name + "-model\n    files: [{name: model.txt, required: true}]\n");
        ModelServiceProject project = new ModelServiceProject(name, root.resolve("home"), dir);
        project.writeApp(app);
        return project;
    }

    void writeApp(String app) throws IOException {
        Files.writeString(dir.resolve("app.py"), app);
    }

    /** Publishes a version whose model.txt holds {@code content}; returns its id. */
    String publish(String content) throws IOException {
        Path out = Files.createDirectories(dir.resolveSibling("out-" + name + "-" + content));
        Files.writeString(out.resolve("model.txt"), content);
        CliRun run = CliRun.of("publish", "--project", dir.toString(), "--model", name + "-model", "--path",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().replaceAll("(?s)^published (\\S+) .*", "$1");
    }

    /** `roro ARGS -C DIR` in a JVM of its own, as a Jenkins build runs it (no resident roro). */
    Process roro(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "io.roro.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("-C", dir.toString()));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put("RORO_HOME", home.toString());
        child.environment().put("RORO_NO_DAEMON", "1");
        return child.start();
    }

    /** The names of the project's running backends. */
    List<String> backends() {
        return docker.run(List.of("ps", "--filter", "label=io.roro.project=" + name, "--filter",
                "label=io.roro.role=backend", "--format", "{{.Names}}"), 30).stdout().lines().toList();
    }

    HttpResponse<String> predict(String endpoint) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        saved.close();
        DockerReady.removeProject(name);
    }
}
