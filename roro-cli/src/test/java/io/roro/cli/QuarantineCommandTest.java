package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro quarantine` refuses what it cannot act on before it touches anything (the acting is QuarantineOperationTest). */
class QuarantineCommandTest {
    @TempDir
    Path dir;
    private Invocation.Scope home;

    @AfterEach
    void restore() {
        if (home != null) {
            home.close();
        }
    }

    @Test
    void aQuarantineSaysWhyAndNamesSomethingLineageHas() throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        home = TestHome.use(dir.resolve("home"));

        CliRun noReason = CliRun.of("quarantine", "dataset/credit-model:credit-data:v7", "-C", project.toString());
        assertThat(noReason.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(noReason.err()).contains("say why with --reason");

        CliRun unknown = CliRun.of("quarantine", "dataset/credit-model:credit-data:v7", "--reason", "corrupt",
                "-C", project.toString());
        assertThat(unknown.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(unknown.err()).contains("no dataset/credit-model:credit-data:v7 in lineage");

        CliRun deployment = CliRun.of("quarantine", "deployment/credit-risk:default", "--dry-run", "-C",
                project.toString());
        assertThat(deployment.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(deployment.err()).contains("a deployment is stopped or rolled back, not quarantined");

        CliRun notQuarantined = CliRun.of("quarantine", "credit-model:v1", "--lift", "-C", project.toString());
        assertThat(notQuarantined.exitCode()).isNotZero();
        assertThat(notQuarantined.err()).contains("credit-model:v1 is not quarantined");
    }
}
