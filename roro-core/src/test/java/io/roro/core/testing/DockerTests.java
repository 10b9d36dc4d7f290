package io.roro.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.util.List;

/** What a test that needs this machine's Docker engine checks first: skipped, visibly, without one. */
public final class DockerTests {
    private DockerTests() {
    }

    /** Skips {@code test} (said on stderr) unless an engine answers and roro's base image is there. */
    public static void assumeEngineAndBaseImage(DockerCli docker, String test) {
        boolean engine = docker.available();
        boolean base = engine && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!engine || !base) {
            System.err.println("SKIPPED " + test + ": no Docker engine or base image; run scripts/setup-docker.sh");
        }
        assumeTrue(engine && base, "no Docker engine or base image; run scripts/setup-docker.sh");
    }
}
