package io.roro.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What roro reads from a backend's /metrics is what the serving toolkit writes: the toolkit's own Metrics class
 * renders known observations (run with Python here), and the counts, error rate and p99 read back are theirs.
 */
class RuntimeMetricsTest {
    private static final String OBSERVE = """
            import sys, tempfile
            sys.path.insert(0, sys.argv[1])
            from roro_runtime.metrics import Metrics
            m = Metrics(tempfile.mkdtemp())
            for i in range(95):
                m.observe("/", "200", 0.004)
            for i in range(4):
                m.observe("/", "500", 0.004)
            m.observe("/", "200", 0.6)
            for i in range(50):
                m.observe("/health", "200", 5.0)   # probes: counted as requests, not as predictions
            m.observe("/metrics", "200", 0.001)
            for differ in (True, True, False):
                m.observe_shadow(0.02, False, differ)
            m.shadow_skipped()
            print(m.render("m:v1"))
            """;

    @Test
    void predictionsErrorsLatencyAndShadowCountsAreReadAsTheToolkitWroteThem() throws Exception {
        String text = render();
        ServedCounts served = RuntimeMetrics.served(text);
        assertThat(served.requests()).isEqualTo(100);
        assertThat(served.errors()).isEqualTo(4);
        assertThat(served.errorRate()).isEqualTo(0.04);
        // the 99th of 100 answers took 4 ms: within the (2.5, 5] ms bucket, linearly interpolated as Prometheus does
        assertThat(served.p99Millis().orElseThrow()).isBetween(2.5, 5.0);
        ShadowCounts shadow = RuntimeMetrics.shadow(text);
        assertThat(shadow).extracting(ShadowCounts::requests, ShadowCounts::differ, ShadowCounts::errors,
                ShadowCounts::skipped).containsExactly(3L, 2L, 0L, 1L);
        assertThat(shadow.latency().p99Millis().orElseThrow()).isBetween(10.0, 25.0);
    }

    @Test
    void theP99FollowsTheSlowAnswersAndWindowsSubtract() {
        List<Double> bounds = List.of(0.01, 0.1, 1.0);
        ServedCounts before = new ServedCounts(100, 1, bounds, List.of(100L, 100L, 100L));
        ServedCounts after = new ServedCounts(200, 11, bounds, List.of(100L, 150L, 200L));
        ServedCounts window = after.minus(before);
        assertThat(window.requests()).isEqualTo(100);
        assertThat(window.errorRate()).isEqualTo(0.10);
        // half the window's answers took up to 100 ms, the other half up to 1 s: p99 is near 1 s
        assertThat(window.p99Millis().orElseThrow()).isBetween(900.0, 1000.0);
        assertThat(before.p99Millis().orElseThrow()).isLessThanOrEqualTo(10.0);
        assertThat(before.plus(after).requests()).isEqualTo(300);
        assertThat(ServedCounts.none().p99Millis()).isEmpty();
    }

    private static String render() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path toolkit = Path.of("../agent-images/runtime-python").toAbsolutePath().normalize();
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", OBSERVE, toolkit.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no python3 here: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
