package io.roro.core.train;

import io.roro.core.contract.BuildVersion;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.testing.DockerTests;
import java.util.List;

/**
 * roro reproduce on the Docker target: the same cases as on the local target, trainings in containers of the
 * recorded image (a seeded one bit-identical, an unseeded one told apart, a pruned image refused before anything
 * runs). Needs a Docker engine and the base image (scripts/setup-docker.sh); skipped, visibly, without.
 */
class DockerReproduceTest extends ReproduceOperationTest {
    private final DockerCli docker = new DockerCli();

    @Override
    protected String target() {
        return "docker";
    }

    @Override
    protected void assumeRunnable() {
        DockerTests.assumeEngineAndBaseImage(docker, "DockerReproduceTest");
    }

    @Override
    protected String goneBuildSays() {
        return "is no longer on this engine";
    }

    /** Untags the build's image (what a prune of it does to roro's reference), keeping it under another tag. */
    @Override
    protected Runnable removeBuild(BuildVersion build) {
        String aside = build.image() + "-aside";
        docker.check(List.of("tag", build.image(), aside));
        docker.check(List.of("image", "rm", build.image()));
        return () -> {
            docker.check(List.of("tag", aside, build.image()));
            docker.check(List.of("image", "rm", aside));
        };
    }
}
