package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.docker.DockerCli;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro serve` and `roro train` say what is missing (service, model version, task, dataset) before any build. */
class RefusedBeforeBuildTest {
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
    void aMissingServiceOrModelVersionOrNothingToRollBackToIsReportedBeforeAnyBuild() throws Exception {
        assumeTrue(new DockerCli().available(), "no Docker engine; run scripts/setup-docker.sh");
        Path project = ValidateCommandTest.copyExample(dir);
        home = TestHome.use(dir.resolve("home"));

        CliRun noVersion = CliRun.of("serve", "default", "-C", project.toString());
        assertThat(noVersion.exitCode()).isEqualTo(1);
        assertThat(noVersion.err()).contains("no version of model credit-model is published yet");
        assertThat(noVersion.out()).doesNotContain("building");

        CliRun nothingBefore = CliRun.of("rollback", "default", "-C", project.toString());
        assertThat(nothingBefore.exitCode()).isEqualTo(1);
        assertThat(nothingBefore.err()).contains("has no earlier revision to go back to: it was never deployed");
        assertThat(nothingBefore.out()).doesNotContain("building");

        // the example's retrain declares its params: a name it does not have is refused, listing those it has
        CliRun undeclared = CliRun.of("train", "retrain", "-p", "nonexistent=5", "-C", project.toString());
        assertThat(undeclared.exitCode()).isNotZero();
        assertThat(undeclared.err()).contains("'nonexistent' is not a parameter of task retrain; it declares"
                + " n_estimators, max_depth, learning_rate");
        assertThat(undeclared.out()).doesNotContain("building");

        CliRun noService = CliRun.of("serve", "nope", "-C", project.toString());
        assertThat(noService.exitCode()).isEqualTo(1);
        assertThat(noService.err()).contains("no service 'nope' in credit-risk; services: default");
        assertThat(noService.out()).doesNotContain("building");
    }

    @Test
    void aCanaryOfAServiceThatIsNotLiveABadShareOrNothingToPromoteIsRefusedBeforeAnyBuild() throws Exception {
        assumeTrue(new DockerCli().available(), "no Docker engine; run scripts/setup-docker.sh");
        Path project = ValidateCommandTest.copyExample(dir);
        home = TestHome.use(dir.resolve("home"));

        CliRun share = CliRun.of("serve", "default", "--canary", "150", "-C", project.toString());
        assertThat(share.exitCode()).isEqualTo(1);
        assertThat(share.err()).contains("a canary takes 1 to 99 percent of the requests, not 150");
        assertThat(share.out()).doesNotContain("building");

        CliRun notLive = CliRun.of("serve", "default", "--canary", "10", "-C", project.toString());
        assertThat(notLive.exitCode()).isEqualTo(1);
        assertThat(notLive.err()).contains("credit-risk:default is not live on docker").contains("roro serve default");
        assertThat(notLive.out()).doesNotContain("building");

        CliRun both = CliRun.of("serve", "default", "--canary", "10", "--shadow", "-C", project.toString());
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.err()).contains("either a canary").contains("or a shadow");

        CliRun badTime = CliRun.of("serve", "default", "--canary", "--promote-after", "ten minutes", "-C",
                project.toString());
        assertThat(badTime.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(badTime.err()).contains("--promote-after").contains("e.g. 90s, 10m, 1h");

        for (String command : new String[] {"promote", "traffic"}) {
            CliRun nothing = CliRun.of(command, "default", "-C", project.toString());
            assertThat(nothing.exitCode()).as(command).isEqualTo(1);
            assertThat(nothing.err()).as(command).contains("credit-risk:default is not live");
        }
    }

    @Test
    void aMissingTaskOrDatasetIsReportedBeforeAnyBuild() throws Exception {
        assumeTrue(new DockerCli().available(), "no Docker engine; run scripts/setup-docker.sh");
        Path project = ValidateCommandTest.copyExample(dir);
        home = TestHome.use(dir.resolve("home"));

        CliRun noTask = CliRun.of("train", "nope", "-C", project.toString());
        assertThat(noTask.exitCode()).isEqualTo(1);
        assertThat(noTask.err()).contains("no task 'nope' in credit-risk; tasks: retrain");
        assertThat(noTask.out()).doesNotContain("building");

        CliRun noData = CliRun.of("train", "retrain", "-C", project.toString());
        assertThat(noData.exitCode()).isEqualTo(1);
        assertThat(noData.err()).contains("dataset credit-model:credit-data is not published");
        assertThat(noData.out()).doesNotContain("building");
    }
}
