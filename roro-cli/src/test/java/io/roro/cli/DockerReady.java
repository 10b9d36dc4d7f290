package io.roro.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.util.ArrayList;
import java.util.List;

/** Tests that need the Docker engine and roro's base image skip, visibly, where there are none. */
final class DockerReady {
    private DockerReady() {
    }

    static void assume(String test) {
        DockerCli docker = new DockerCli();
        boolean ready = docker.available()
                && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!ready) {
            System.err.println("SKIPPED " + test + ": no Docker engine or base image; run scripts/setup-docker.sh");
        }
        assumeTrue(ready, "no Docker engine or base image; run scripts/setup-docker.sh");
    }

    /** Removes a test project's containers and images. */
    static void removeProject(String project) {
        DockerCli docker = new DockerCli();
        List<String> ids = docker.run(List.of("ps", "-aq", "--filter", "label=io.roro.project=" + project), 60)
                .stdout().lines().filter(l -> !l.isBlank()).toList();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            docker.run(rm, 120);
        }
        removeProjectImages(project);
    }

    /** Removes every image of a test project: each build is its own tag, so removing :latest would leave them all. */
    static void removeProjectImages(String project) {
        DockerCli docker = new DockerCli();
        List<String> images = docker.run(List.of("images", "-q", "roro/" + project), 60).stdout().lines()
                .filter(l -> !l.isBlank()).distinct().toList();
        if (!images.isEmpty()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(images);
            docker.run(rmi, 120);
        }
    }
}
