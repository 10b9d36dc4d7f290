package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.Origin;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro ps` says what lineage recorded and whether it still runs: READY counts the backends up on the engine. */
class PsCommandTest {
    @TempDir
    Path dir;
    private Invocation.Scope saved;
    private final DockerCli docker = new DockerCli();
    private final String project = "ps-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        saved = TestHome.use(dir.resolve("home"));
    }

    @AfterEach
    void tearDown() {
        saved.close();
        docker.run(List.of("rm", "-f", project + "-backend"), 60);
    }

    @Test
    void readyCountsTheBackendsThatStillRun() throws Exception {
        DockerReady.assume("PsCommandTest");
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\nservices:\n"
                + "  - name: default\n    command: sleep 600\n    port: 8080\n");
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(dir.resolve("home/lineage.mv")))) {
            lineage.deployments().record(new DeploymentChange(project, "default", DeploymentEventType.DEPLOYED,
                    DeploymentState.RUNNING, Optional.empty(), Optional.empty(), 1, "default", "docker",
                    Optional.of("http://127.0.0.1:9/"), Optional.empty(), Origin.of("test", "ps")));
        }
        // a backend as serving labels it
        docker.check(List.of("run", "-d", "--name", project + "-backend", "--network", "none",
                "--label", "io.roro.project=" + project, "--label", "io.roro.service=default",
                "--label", "io.roro.role=backend", RuntimeImages.DEFAULT_BASE, "sleep", "600"));

        CliRun up = CliRun.of("ps", "-C", projectDir.toString());
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).containsPattern("default +RUNNING +- +1/1 +http://127.0.0.1:9/");
        assertThat(CliRun.of("ps", "-C", projectDir.toString(), "--json").out())
                .contains("\"running\" : {\n    \"default\" : 1\n  }");

        docker.check(List.of("rm", "-f", project + "-backend")); // gone behind roro's back
        assertThat(CliRun.of("ps", "-C", projectDir.toString()).out())
                .containsPattern("default +RUNNING +- +0/1 +http://127.0.0.1:9/");
    }

    @Test
    void psSaysTheSpaceTheHomeUses() throws Exception {
        Path projectDir = Files.createDirectories(dir.resolve(project));
        Files.writeString(projectDir.resolve("roro.yml"), "project: " + project + "\nservices:\n"
                + "  - name: default\n    command: sleep 600\n    port: 8080\n");
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(dir.resolve("home/lineage.mv")))) {
            lineage.projects(); // the store exists
        }
        // a model copy of 3 MB as a serve leaves it, and a training's 2 MB of output
        Files.write(Files.createDirectories(dir.resolve("home/models/m/v1")).resolve("model.bin"),
                new byte[3 * 1024 * 1024]);
        Files.write(Files.createDirectories(dir.resolve("home/work/p/t-1/output")).resolve("model.bin"),
                new byte[2 * 1024 * 1024]);

        CliRun ps = CliRun.of("ps", "-C", projectDir.toString());
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        assertThat(ps.out()).containsPattern("disk: 5\\.0 MB in local copies \\(roro gc --dry-run says what can"
                + " go\\), [0-9.]+ MB in the lineage store\n");
        assertThat(CliRun.of("ps", "-C", projectDir.toString(), "--json").out())
                .contains("\"localCopies\" : 5242880");
    }
}
