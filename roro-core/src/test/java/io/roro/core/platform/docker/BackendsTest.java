package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.testing.DockerTests;
import io.roro.core.testing.CommandLineDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The backends of a project as the engine lists them, read through the engine's socket and through the docker
 * command line (a docker context chosen): the same answer either way, another home's containers left out. Needs
 * a Docker engine and the base image (scripts/setup-docker.sh); skipped, visibly, without.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendsTest {
    private final DockerCli docker = new DockerCli();
    private final String project = "backends-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path home = Path.of("/tmp/roro-backends-test-home");
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    void startContainers() {
        DockerTests.assumeEngineAndBaseImage(docker, "BackendsTest");
        Backends backends = new Backends(docker, home);
        start("a-running", backends.labelFlags(project, "svc"), List.of("--label", "io.roro.port=18123",
                "--label", "io.roro.generation=g1", "--label", "io.roro.model-version=m:v1"), true);
        start("b-stopped", backends.labelFlags(project, "other"), List.of("--label", "io.roro.generation=g2"),
                false);
        // another roro home's backend of a project of the same name
        start("c-elsewhere", new Backends(docker, Path.of("/tmp/another-home")).labelFlags(project, "svc"),
                List.of(), true);
    }

    private void start(String suffix, List<String> labels, List<String> more, boolean running) {
        String name = project + "-" + suffix;
        List<String> run = new ArrayList<>(List.of(running ? "run" : "create", "--network", "none", "--name",
                name));
        if (running) {
            run.add(1, "-d");
        }
        run.addAll(labels);
        run.addAll(more);
        run.addAll(List.of(RuntimeImages.DEFAULT_BASE, "sleep", "300"));
        docker.check(run);
        containers.add(name);
    }

    @AfterAll
    void removeContainers() {
        if (!containers.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(containers);
            docker.run(rm, 60);
        }
    }

    @Test
    void theEnginesSocketAndTheCommandLineListTheSameBackends() throws Exception {
        DockerCli commandLine = new DockerCli(CommandLineDocker.environment(
                Files.createTempDirectory("roro-docker-config-")));
        assertThat(commandLine.engine()).isEmpty();

        List<Backends.Backend> bySocket = new Backends(docker, home).of(project);
        assertThat(bySocket).containsExactlyInAnyOrderElementsOf(new Backends(commandLine, home).of(project));
        assertThat(bySocket).extracting(Backends.Backend::name)
                .containsExactlyInAnyOrder(project + "-a-running", project + "-b-stopped");
        Backends.Backend running = bySocket.stream().filter(b -> b.service().equals("svc")).findFirst()
                .orElseThrow();
        assertThat(running).isEqualTo(new Backends.Backend(project + "-a-running", "svc", true, 18123, "g1",
                "m:v1", ""));
        assertThat(new Backends(docker, home).of(project, "other")).extracting(Backends.Backend::running)
                .containsExactly(false);
        assertThat(new Backends(docker, home).running(project + "-a-running")).isTrue();
        assertThat(new Backends(docker, home).running(project + "-b-stopped")).isFalse();
        assertThat(new Backends(docker, home).running(project + "-no-such")).isFalse();
        assertThat(new Backends(commandLine, home).running(project + "-a-running")).isTrue();
    }

    @Test
    void theSocketAnswersWithoutADockerProcess() {
        Map<String, String> noDockerOnPath = new HashMap<>(System.getenv());
        noDockerOnPath.put("PATH", "/nonexistent");
        DockerCli socketOnly = new DockerCli(noDockerOnPath);
        assertThat(socketOnly.engine()).isPresent();
        assertThat(new Backends(socketOnly, home).of(project)).hasSize(2);
    }

    @Test
    void anEngineElsewhereIsAskedThroughTheCommandLine() {
        Map<String, String> tcp = new HashMap<>(System.getenv());
        tcp.put("DOCKER_HOST", "tcp://127.0.0.1:1");
        DockerCli elsewhere = new DockerCli(tcp);
        assertThat(elsewhere.engine()).isEmpty();
        assertThatThrownBy(() -> new Backends(elsewhere, home).of(project)).isInstanceOf(DockerException.class)
                .hasMessageContaining("no Docker engine answers");
    }
}
