package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The shared operations suite on this machine's Docker engine (skipped without one or without the base image). */
class DockerPlatformSuiteTest extends PlatformSuite {
    private final DockerCli docker = new DockerCli();

    @Override
    protected void assumeRunnable() {
        assumeTrue(docker.available(), "no Docker engine answers; run scripts/setup-docker.sh");
        assumeTrue(docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok(),
                "base image " + RuntimeImages.DEFAULT_BASE + " is missing; run scripts/setup-docker.sh");
    }

    @Override
    protected Platform open(Path home, Lineage lineage) {
        return new DockerPlatform(docker, () -> lineage, home, Map.of("RORO_HOME", home.toString()));
    }

    @Override
    protected void assertIsTheProjectsBuild(BuildVersion build) {
        assertThat(docker.check(List.of("image", "inspect", "-f", "{{.Id}}", build.image())).trim())
                .isEqualTo(build.imageId());
    }

    /** A reproduction runs exactly the recorded image: a tag moved to another image since is said so. */
    @Override
    protected String routerLog() {
        String router = docker.check(List.of("ps", "-q", "--filter", "name=roro-router-" + spec.project())).trim();
        assertThat(router).as("the project's router runs").isNotEmpty();
        CommandResult logs = docker.run(List.of("logs", router.lines().findFirst().orElseThrow()), 30);
        return logs.stdout() + logs.stderr();
    }

    @Test
    @Order(10)
    void aBuildWhoseTagNowNamesAnotherImageIsSaidSo() {
        assertThat(platform.trainings().imageProblem(build)).isEmpty();
        docker.check(List.of("tag", RuntimeImages.DEFAULT_BASE, build.image()));
        try {
            assertThat(platform.trainings().imageProblem(build)).hasValueSatisfying(problem -> assertThat(problem)
                    .contains("now names another image").contains(build.imageId()));
        } finally {
            docker.check(List.of("tag", build.imageId(), build.image()));
        }
        assertThat(platform.trainings().imageProblem(build)).isEmpty();
    }

    @Override
    protected void cleanUp() {
        String ids = docker.run(List.of("ps", "-aq", "--filter", "label=io.roro.project=" + spec.project()), 60)
                .stdout().trim();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids.lines().toList());
            docker.run(rm, 120);
        }
        if (build != null) {
            docker.run(List.of("rmi", "-f", build.image()), 120);
        }
    }
}
