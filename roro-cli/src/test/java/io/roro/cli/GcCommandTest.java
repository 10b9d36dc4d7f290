package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro gc` frees the local copies nothing needs and keeps, saying why, what a container mounts, what is among a
 * model's newest versions, and the user's notebooks; --dry-run removes nothing.
 */
class GcCommandTest {
    @Test
    void localCopiesNothingNeedsGoAndTheRestStaysWithItsReason(@TempDir Path dir) throws Exception {
        DockerReady.assume("GcCommandTest");
        Path project = ValidateCommandTest.copyExample(dir);
        Path home = dir.resolve("home");
        String label = "credit-model:v1";
        String container = "roro-gc-test-" + UUID.randomUUID().toString().substring(0, 8);
        DockerCli docker = new DockerCli();
        Invocation.Scope scope = TestHome.use(home);
        try {
            Path out = Files.createDirectories(dir.resolve("out"));
            Files.writeString(out.resolve("model.pkl"), "w");
            for (int v = 1; v <= 5; v++) {
                assertThat(CliRun.of("publish", "-C", project.toString(), "--model", "credit-model", "--path",
                        out.toString()).exitCode()).isZero();
                Path copy = Files.createDirectories(home.resolve("models/credit-model/v" + v));
                Files.write(copy.resolve("model.pkl"), new byte[1024 * 1024]);
            }
            // a stopped container that mounts v1: a restart would mount it again
            docker.check(List.of("create", "--name", container, "--label", "io.roro.model-version=" + label,
                    "-v", home.resolve("models/credit-model/v1").toAbsolutePath() + ":/model:ro",
                    RuntimeImages.DEFAULT_BASE, "true"));
            // another home's container serving v2 mounts that home's copy, not this one's
            docker.check(List.of("create", "--name", container + "-other", "--label",
                    "io.roro.model-version=credit-model:v2", "-v", dir.resolve("other").toAbsolutePath() + ":/model:ro",
                    RuntimeImages.DEFAULT_BASE, "true"));
            Path output = Files.createDirectories(home.resolve("work/credit-risk/retrain-9/output"));
            Files.write(output.resolve("model.pkl"), new byte[2 * 1024 * 1024]);
            Path notebook = Files.createDirectories(home.resolve("work/credit-risk/notebook-abc"));
            Files.writeString(notebook.resolve("mine.ipynb"), "{}");

            CliRun dry = CliRun.of("gc", "--dry-run");
            assertThat(dry.exitCode()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("kept: a container mounts it").contains("kept: one of the newest 3")
                    .contains("would free 3.0 MB");
            assertThat(home.resolve("models/credit-model/v2")).as("a dry run removes nothing").exists();

            CliRun gc = CliRun.of("gc");
            assertThat(gc.exitCode()).as(gc.err()).isZero();
            assertThat(gc.out()).contains("freed 3.0 MB");
            assertThat(home.resolve("models/credit-model/v2")).doesNotExist();
            assertThat(output).doesNotExist();
            assertThat(home.resolve("models/credit-model/v1")).exists();
            assertThat(home.resolve("models/credit-model/v5")).exists();
            assertThat(notebook.resolve("mine.ipynb")).exists();
            assertThat(CliRun.of("versions", "show", "credit-model:v2").out()).as("still in the store")
                    .contains("credit-model:v2");
        } finally {
            scope.close();
            docker.run(List.of("rm", "-f", container, container + "-other"), 30);
        }
    }
}
