package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `roro serve` of one service at once, each a process of its own as two Jenkins builds run them (no resident
 * roro to queue them): they run one after the other, both succeed, no request fails meanwhile, and what answers
 * at the end is what lineage records as live, on one backend.
 */
class ConcurrentServeTest {
    /** Every version takes three seconds to load: two serves started together overlap in their health waits. */
    private static final String APP = "import os, time\nMODEL = None\n"
            + "def init():\n    global MODEL\n"
            + "    MODEL = open(os.path.join(os.environ['RORO_MODEL_DIR'], 'model.txt')).read()\n"
            + "    time.sleep(3)\n"
            + "def answer():\n    return {'model': MODEL}\n";

    @TempDir
    Path dir;
    private ModelServiceProject project;

    @BeforeEach
    void setUp() throws Exception {
        DockerReady.assume("ConcurrentServeTest");
        project = ModelServiceProject.create(dir, "together", APP);
    }

    @AfterEach
    void tearDown() {
        if (project != null) { // null: skipped
            project.close();
        }
    }

    @Test
    void twoServesOfOneServiceAtOnceRunOneAfterTheOtherWithoutAFailedRequest() throws Exception {
        String v1 = project.publish("one");
        String v2 = project.publish("two");
        String v3 = project.publish("three");
        CliRun first = CliRun.of("serve", "default", "--version", v1, "-C", project.dir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String endpoint = first.out().replaceAll("(?s).*\"endpoint\" : \"([^\"]+)\".*", "$1");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answers = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Thread probe = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = project.predict(endpoint);
                    answers.incrementAndGet();
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (IOException | InterruptedException e) {
                    failures.add(e.toString());
                }
            }
        });
        probe.start();

        Process two = project.roro("serve", "default", "--version", v2);
        Process three = project.roro("serve", "default", "--version", v3);
        String twoSaid = new String(two.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String threeSaid = new String(three.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(two.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(three.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1000);
        running.set(false);
        probe.join();

        assertThat(two.exitValue()).as(twoSaid).isZero();
        assertThat(three.exitValue()).as(threeSaid).isZero();
        assertThat(twoSaid + threeSaid).as("the one that came second waited, and said so")
                .contains("another serve or deploy of default runs now; waiting for it to end");
        assertThat(failures).as("failed requests of %d", answers.get()).isEmpty();
        assertThat(answers.get()).isGreaterThan(20);

        // what lineage records as live is what answers, on one backend
        CliRun ps = CliRun.of("ps", "-C", project.dir.toString(), "--json");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        String live = ps.out().replaceAll("(?s).*\"modelVersion\" : \"([^\"]+)\".*", "$1");
        assertThat(live).isIn(v2, v3);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = project.predict(endpoint);
            assertThat(r.headers().firstValue("X-Roro-Model-Version")).contains(live);
        }
        for (int i = 0; i < 100 && project.backends().size() > 1; i++) {
            Thread.sleep(100); // the hand-over of the one before drains
        }
        assertThat(project.backends()).hasSize(1);
    }
}
