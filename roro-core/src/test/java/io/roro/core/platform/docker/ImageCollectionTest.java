package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hand-over leaves of a project's images on a real engine: the newest {@link HandOver#IMAGES_KEPT} and
 * every one a container uses, running or stopped; another project's images untouched. Needs a Docker engine and
 * the base image (scripts/setup-docker.sh); skipped, visibly, without.
 */
class ImageCollectionTest {
    private final DockerCli docker = new DockerCli();
    private final String project = "gc-" + UUID.randomUUID().toString().substring(0, 8);
    private final String neighbour = project + "-other";
    private final List<String> containers = new ArrayList<>();
    @TempDir
    Path context;

    @AfterEach
    void remove() {
        containers.forEach(c -> docker.run(List.of("rm", "-f", c), 60));
        for (String repository : List.of(project, neighbour)) {
            images(repository).forEach(tag -> docker.run(List.of("rmi", "-f", tag), 60));
        }
    }

    private List<String> images(String repository) {
        return docker.check(List.of("image", "ls", "--filter", "reference=roro/" + repository, "--format",
                "{{.Repository}}:{{.Tag}}")).lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    /** An image of its own (a label makes it one), created a second after the one before it. */
    private void build(String repository, String tag) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM " + RuntimeImages.DEFAULT_BASE + "\nLABEL roro.test="
                + repository + "-" + tag + "\n");
        docker.check(List.of("build", "-q", "-t", "roro/" + repository + ":" + tag, context.toString()));
        Thread.sleep(1100); // the engine lists creation times to the second
    }

    @Test
    void theNewestImagesAndThoseInUseStayTheRestGo() throws Exception {
        boolean engine = docker.available();
        boolean base = engine && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!base) {
            System.err.println("SKIPPED ImageCollectionTest: no Docker engine or base image; run scripts/setup-docker.sh");
        }
        assumeTrue(base, "no Docker engine or base image; run scripts/setup-docker.sh");
        for (int i = 1; i <= HandOver.IMAGES_KEPT + 3; i++) {
            build(project, "b" + i);
        }
        build(neighbour, "old");
        // the oldest build still has a stopped container (a backend an engine restart would bring back)
        String stopped = project + "-stopped";
        docker.check(List.of("create", "--network", "none", "--name", stopped, "roro/" + project + ":b1", "true"));
        containers.add(stopped);
        // a new commit whose build has b2's content: the same image under a new tag (listed with b2's creation
        // time), which the backend just started runs
        docker.check(List.of("tag", "roro/" + project + ":b2", "roro/" + project + ":again"));
        String backend = project + "-backend";
        docker.check(List.of("create", "--network", "none", "--name", backend, "roro/" + project + ":again", "true"));
        containers.add(backend);

        new HandOver(docker).inBackground(List.of(), List.of(), Optional.of(project));

        List<String> expected = new ArrayList<>(List.of("roro/" + project + ":b1", "roro/" + project + ":b2",
                "roro/" + project + ":again"));
        // the newest five images besides those: b4 to b8 (b3 goes)
        for (int i = 4; i <= HandOver.IMAGES_KEPT + 3; i++) {
            expected.add("roro/" + project + ":b" + i);
        }
        for (int i = 0; i < 100 && !images(project).equals(expected.stream().sorted().toList()); i++) {
            Thread.sleep(100); // the hand-over runs detached, a second after the switch
        }
        assertThat(images(project)).containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(images(neighbour)).containsExactly("roro/" + neighbour + ":old");
    }
}
