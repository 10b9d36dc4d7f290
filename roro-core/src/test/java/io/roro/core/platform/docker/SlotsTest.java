package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.testing.DockerTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A serve whose slot is still held by the version before it, draining: the wait is said while it runs, not only
 * once it is over (a user saw up to 30 s of silence), and how it ended after. Needs a Docker engine and the base
 * image (scripts/setup-docker.sh); skipped, visibly, without.
 */
class SlotsTest {
    private final DockerCli docker = new DockerCli();
    private final String name = "slots-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void remove() {
        if (docker.available()) {
            docker.run(List.of("rm", "-f", name), 30);
        }
    }

    @Test
    void theWaitForADrainingVersionIsSaidBeforeItEnds() {
        DockerTests.assumeEngineAndBaseImage(docker, "SlotsTest");
        // the version before: still finishing its requests for two more seconds
        docker.check(List.of("run", "-d", "--network", "none", "--name", name, RuntimeImages.DEFAULT_BASE,
                "sleep", "2"));
        Backends.Backend draining = new Backends.Backend(name, "svc", true, 18_777, "g1", "m:v1", "b1");
        Map<String, Boolean> saidWhileRunning = new ConcurrentHashMap<>();
        List<String> lines = new CopyOnWriteArrayList<>();

        new Slots(docker, new Backends(docker, Path.of("/tmp/roro-slots-test-home"))).clear(List.of(18_777),
                List.of(draining), line -> {
                    lines.add(line);
                    saidWhileRunning.put(line, docker.running(name));
                });

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("roro: waiting up to 30 s for " + name);
        assertThat(saidWhileRunning.get(lines.get(0))).as("said while the version before still ran").isTrue();
        assertThat(lines.get(1)).startsWith("roro: waited ").contains(name);
        assertThat(docker.running(name)).isFalse();
    }

    @Test
    void aSlotNobodyHoldsIsTakenWithoutAWord() {
        Backends.Backend elsewhere = new Backends.Backend(name, "svc", true, 18_778, "g1", "m:v1", "b1");
        List<String> lines = new ArrayList<>();
        new Slots(docker, new Backends(docker, Path.of("/tmp/roro-slots-test-home"))).clear(List.of(18_779),
                List.of(elsewhere), lines::add);
        assertThat(lines).isEmpty();
    }
}
