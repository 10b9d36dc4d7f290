package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import io.roro.core.testing.CommandLineDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend's {@code docker run -d} on the engine's API and through the command line: the same container either
 * way, a start that fails leaves nothing behind, and flags it does not read go to the command line. Needs a Docker
 * engine and the base image for the engine cases (scripts/setup-docker.sh); those are skipped, visibly, without.
 */
class EngineRunTest {
    private final DockerCli docker = new DockerCli();
    private final String prefix = "engine-run-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> containers = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void remove() {
        containers.forEach(c -> docker.run(List.of("rm", "-f", c), 60));
    }

    private void requireEngine() {
        boolean base = docker.available()
                && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!base) {
            System.err.println("SKIPPED EngineRunTest: no Docker engine or base image; run scripts/setup-docker.sh");
        }
        assumeTrue(base, "no Docker engine or base image; run scripts/setup-docker.sh");
    }

    private List<String> backend(String name, Path envFile, Path data, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "none",
                "--label", "io.roro.project=p", "--label", "io.roro.port=18123", "-v", data + ":/data:ro",
                "-e", "PORT=18123", "-e", "RORO_CORS_ORIGINS=", "-e", "GREETING=two words", "--cpus", "0.5",
                "--cpu-shares", "512", "--memory", "268435456", "--memory-reservation", "134217728",
                "--env-file", envFile.toString(), "-w", "/data", RuntimeImages.DEFAULT_BASE));
        args.addAll(Arrays.asList(command));
        containers.add(name);
        return args;
    }

    /** What a container is, as `docker inspect` tells it: the environment as a set (the order is the client's). */
    private String inspect(String name) {
        String format = "{{json .Config.Labels}} {{json .Config.Cmd}} {{.Config.WorkingDir}} {{.Config.Image}}"
                + " {{.HostConfig.NetworkMode}} {{json .HostConfig.Binds}} {{.HostConfig.NanoCpus}}"
                + " {{.HostConfig.CpuShares}} {{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}}"
                + " {{.State.Running}} {{json .HostConfig.LogConfig.Config}}";
        String env = docker.check(List.of("inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", name));
        return docker.check(List.of("inspect", "-f", format, name)) + " " + env.lines().sorted().toList();
    }

    @Test
    void theEngineStartsTheContainerTheCommandLineWould() throws Exception {
        requireEngine();
        Path envFile = Files.writeString(dir.resolve("vars.env"), "# config vars\nAPI_TOKEN=s3cret=x\n\nREGION=eu\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        DockerCli commandLine = new DockerCli(CommandLineDocker.environment(dir.resolve("docker-config")));
        assertThat(docker.engine()).isPresent();
        assertThat(commandLine.engine()).isEmpty();

        List<String> args = backend(prefix + "-api", envFile, data, "sleep", "300");
        assertThat(EngineRun.request(args)).as("every flag of a backend is read").isPresent();
        CommandResult onEngine = docker.runDetached(args, 60);
        CommandResult onCli = commandLine.runDetached(backend(prefix + "-cli", envFile, data, "sleep", "300"), 60);

        assertThat(onEngine.ok()).as(onEngine.stderr()).isTrue();
        assertThat(onCli.ok()).as(onCli.stderr()).isTrue();
        assertThat(onEngine.stdout().trim()).matches("[0-9a-f]{64}");
        String started = inspect(prefix + "-api");
        assertThat(started).isEqualTo(inspect(prefix + "-cli"));
        assertThat(started).contains("API_TOKEN=s3cret=x", "GREETING=two words", "500000000 512 268435456",
                "\"io.roro.port\":\"18123\"", "true", "\"max-file\":\"3\",\"max-size\":\"10m\"");
    }

    @Test
    void aStartThatFailsLeavesNoContainer() {
        requireEngine();
        String name = prefix + "-broken";
        CommandResult result = docker.runDetached(List.of("run", "-d", "--name", name, "--network", "none",
                RuntimeImages.DEFAULT_BASE, "/no/such/program"), 60);
        containers.add(name);

        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).startsWith("docker: Error response from daemon:").contains("/no/such/program");
        assertThat(docker.check(List.of("ps", "-a", "--filter", "name=" + name, "--format", "{{.Names}}")))
                .isEmpty();
    }

    @Test
    void flagsItDoesNotReadAreTheCommandLinesToRun() {
        assertThat(EngineRun.request(List.of("run", "-d", "--name", "x", "--privileged", "img"))).isEmpty();
        assertThat(EngineRun.request(List.of("run", "-d", "--name", "x", "-e", "FROM_MY_ENV", "img"))).isEmpty();
        assertThat(EngineRun.request(List.of("run", "--name", "x", "img"))).as("attached").isEmpty();
        assertThat(EngineRun.request(List.of("run", "-d", "img"))).as("unnamed").isEmpty();
        assertThat(EngineRun.request(List.of("run", "-d", "--name", "x", "--cpus", "lots", "img"))).isEmpty();
        assertThat(EngineRun.request(List.of("run", "-d", "--name", "x", "--gpus", "2", "img", "nvidia-smi"))
                .orElseThrow().body().toString()).contains("\"DeviceRequests\":[{\"Driver\":\"\",\"Count\":2,"
                        + "\"Capabilities\":[[\"gpu\"]]}]").contains("\"Cmd\":[\"nvidia-smi\"]");
    }
}
