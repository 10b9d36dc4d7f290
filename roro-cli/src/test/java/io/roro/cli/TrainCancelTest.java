package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.cli.invocation.Invocation;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on `roro train`: the training is CANCELLED in lineage and its container is gone. */
class TrainCancelTest {

    @Test
    @Timeout(300)
    void interruptCancelsTheTrainingAndRemovesItsContainer(@TempDir Path dir) throws Exception {
        DockerCli docker = new DockerCli();
        DockerReady.assume("TrainCancelTest");
        String project = "cancel-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), """
                tasks:
                  - name: slow
                    command: python3 -c "import time; print('working', flush=True); time.sleep(600)"
                """);
        Path home = dir.resolve("home");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "slow", "-C",
                projectDir.toString()).redirectErrorStream(true);
        builder.environment().put("RORO_HOME", home.toString());
        Process roro = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(roro.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                output.add(line);
                if (line.equals("working")) {
                    break;
                }
            }
            assertThat(output).as("roro train output").contains("working");
            new ProcessBuilder("kill", "-INT", Long.toString(roro.pid())).start().waitFor();
            assertThat(roro.waitFor(120, TimeUnit.SECONDS)).isTrue();
        }
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")))) {
            TrainingRun run = lineage.trainings().training(project + ":slow-1").orElseThrow();
            assertThat(run.state()).isEqualTo(TrainingState.CANCELLED);
            assertThat(run.reason().orElseThrow()).contains("cancelled by the user");
        }
        assertThat(docker.run(List.of("ps", "-aq", "--filter", "label=io.roro.project=" + project), 30).stdout())
                .isBlank();
        DockerReady.removeProjectImages(project);
    }

    /** What the Jenkins nhaTrain step relies on: pure JSON on stdout for --detach, status and cancel. */
    @Test
    @Timeout(300)
    void detachStatusAndCancelAnswerInJson(@TempDir Path dir) throws Exception {
        DockerCli docker = new DockerCli();
        assumeTrue(docker.available() && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok(),
                "no Docker engine or base image; run scripts/setup-docker.sh");
        String project = "detach-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), """
                tasks:
                  - name: slow
                    command: python3 -c "import time; print('roro:progress 0.25', flush=True); time.sleep(600)"
                """);
        Invocation.Scope saved = TestHome.use(dir.resolve("home"));
        try {
            var mapper = new ObjectMapper();
            CliRun started = CliRun.of("train", "slow", "--detach", "--json", "-C", projectDir.toString());
            assertThat(started.exitCode()).as(started.err()).isZero();
            String id = mapper.readTree(started.out()).get("trainingId").asText();
            assertThat(id).isEqualTo(project + ":slow-1");
            String state = "";
            for (int i = 0; i < 50 && !state.equals("RUNNING"); i++) {
                CliRun status = CliRun.of("train", "status", id, "--json");
                state = mapper.readTree(status.out()).get("state").asText();
                Thread.sleep(200);
            }
            assertThat(state).isEqualTo("RUNNING");
            CliRun running = CliRun.of("train", "logs", id);
            assertThat(running.exitCode()).as(running.err()).isZero();
            assertThat(running.out()).as("a running training's log is its container's").contains("roro:progress 0.25");
            CliRun cancelled = CliRun.of("train", "cancel", id, "--json");
            assertThat(mapper.readTree(cancelled.out()).get("state").asText()).isEqualTo("CANCELLED");
            CliRun after = CliRun.of("train", "status", id, "--json");
            assertThat(after.exitCode()).isEqualTo(1);
            assertThat(mapper.readTree(after.out()).get("state").asText()).isEqualTo("CANCELLED");
        } finally {
            try {
                DetachedProcesses.awaitEnd(dir, Duration.ofSeconds(60)); // the detached training's finisher
            } finally {
                saved.close();
                DockerReady.removeProjectImages(project);
            }
        }
    }
}
