package io.roro.cli;

import io.roro.core.deploy.DockerPlatform;
import io.roro.core.lineage.Lineage;
import io.roro.core.runtime.DockerCli;
import io.roro.core.runtime.DockerException;

/** The Docker target for CLI commands; a missing engine is a clear error, not a stack trace. */
final class DockerAccess {
    private DockerAccess() {
    }

    static DockerPlatform platform(Lineage lineage) {
        return platform(lineage, true);
    }

    static DockerPlatform platform(Lineage lineage, boolean required) {
        DockerCli docker = new DockerCli();
        if (required) {
            requireEngine(docker);
        }
        return new DockerPlatform(docker, lineage, LineageAccess.home(), LineageAccess.environment);
    }

    static void requireEngine(DockerCli docker) {
        if (!docker.available()) {
            throw new DockerException("no Docker engine answers (is dockerd running? DOCKER_HOST="
                    + System.getenv().getOrDefault("DOCKER_HOST", "unset") + "); scripts/setup-docker.sh starts one");
        }
    }
}
