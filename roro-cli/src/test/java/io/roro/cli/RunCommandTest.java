package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.cli.invocation.Invocation;
import io.roro.core.train.AdHocRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** roro run on the Docker engine: a one-off command on the project image, its data, its output, its exit code. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shellQuotingRunsTheArgumentsExactlyAsGiven() {
        assertThat(AdHocRun.shell(List.of("python3", "-c", "print('a b'); import sys"))).isEqualTo(
                "python3 -c 'print('\\''a b'\\''); import sys'");
        assertThat(AdHocRun.shell(List.of("echo", "$HOME", "x=1"))).isEqualTo("echo '$HOME' x=1");
    }

    @Test
    @Timeout(400)
    void aCommandReadsTheDatasetWritesAVersionAndPassesItsExitCode() throws Exception {
        DockerReady.assume("RunCommandTest");
        String project = "run-" + UUID.randomUUID().toString().substring(0, 8);
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\n"
                + "models:\n  - name: m\n    files: [{name: counts.txt, required: true}]\n"
                + "datasets: [rows]\n");
        Files.writeString(projectDir.resolve("count.py"), "import os\n"
                + "rows = open(os.path.join(os.environ['RORO_DATA_DIR'], 'rows.csv')).read().splitlines()\n"
                + "print('counted', len(rows), 'rows', flush=True)\n"
                + "open(os.path.join(os.environ['RORO_OUTPUT_DIR'], 'counts.txt'), 'w').write(str(len(rows)))\n");
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("rows.csv"), "a\nb\nc\n");
        Invocation.Scope home = TestHome.use(dir.resolve("home"));
        try {
            CliRun dataset = CliRun.of("datasets", "publish", "--project", projectDir.toString(), "--model", "m",
                    "--name", "rows", "--path", data.toString());
            assertThat(dataset.exitCode()).as(dataset.err()).isZero();

            CliRun run = CliRun.of("run", "-C", projectDir.toString(), "--dataset", "rows", "--publish", "m",
                    "--json", "--", "python3", "count.py");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("counted 3 rows");
            JsonNode answer = JSON.readTree(run.out());
            assertThat(answer.at("/training/task").asText()).isEqualTo("run");
            assertThat(answer.at("/training/command").asText()).isEqualTo("python3 count.py");
            assertThat(answer.at("/version/model").asText()).isEqualTo("m");
            String version = "m:" + answer.at("/version/version").asText();
            CliRun lineage = CliRun.of("lineage", version);
            assertThat(lineage.out()).contains("training " + project + ":run-1").contains("dataset m:rows");

            CliRun failing = CliRun.of("run", "-C", projectDir.toString(), "--", "python3", "-c",
                    "import sys; print('about to fail'); sys.exit(3)");
            assertThat(failing.exitCode()).as("the command's own exit code").isEqualTo(3);

            CliRun badProfile = CliRun.of("run", "-C", projectDir.toString(), "--profile", "huge", "--", "true");
            assertThat(badProfile.exitCode()).isNotZero();
            assertThat(badProfile.err()).contains("huge").doesNotContain("building");
            CliRun badData = CliRun.of("run", "-C", projectDir.toString(), "--dataset", "nope", "--publish", "m",
                    "--", "true");
            assertThat(badData.exitCode()).isNotZero();
            assertThat(badData.err()).contains("nope");
            CliRun badModel = CliRun.of("run", "-C", projectDir.toString(), "--publish", "other", "--", "true");
            assertThat(badModel.exitCode()).isEqualTo(RoroCommand.INVALID);
            assertThat(badModel.err()).contains("no model other in roro.yml");

            // a command that is not there: said before the run is recorded or started
            int runs = JSON.readTree(CliRun.of("ps", "--json", "-C", projectDir.toString()).out()).get("trainings")
                    .size();
            CliRun noScript = CliRun.of("run", "-C", projectDir.toString(), "--", "python3", "nope.py");
            assertThat(noScript.exitCode()).isEqualTo(1);
            assertThat(noScript.err()).contains("no file nope.py in").doesNotContain("building");
            CliRun noProgram = CliRun.of("run", "-C", projectDir.toString(), "--", "no-such-tool", "--flag");
            assertThat(noProgram.exitCode()).isEqualTo(1);
            assertThat(noProgram.err()).contains("no command no-such-tool in the project image");
            assertThat(JSON.readTree(CliRun.of("ps", "--json", "-C", projectDir.toString()).out()).get("trainings")
                    .size()).as("nothing recorded").isEqualTo(runs);
        } finally {
            home.close();
            DockerReady.removeProject(project);
        }
    }
}
