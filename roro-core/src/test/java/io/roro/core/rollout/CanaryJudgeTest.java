package io.roro.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.ShadowCounts;
import io.roro.core.platform.TrafficSample;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge's verdicts on windows of numbers, as roro.yml's rollout: limits say. */
class CanaryJudgeTest {
    private static final List<Double> BOUNDS = List.of(0.01, 0.1, 0.25, 1.0);
    private static final RolloutPolicy POLICY = new RolloutPolicy(10, Optional.of(Duration.ofMinutes(10)), 0.01,
            Optional.of(200), 200);
    private final CanaryJudge judge = new CanaryJudge(POLICY);

    /** {@code requests} answers, {@code errors} of them 5xx, all fast or all slow (0.25-1 s). */
    private static ServedCounts counts(long requests, long errors, boolean slow) {
        return new ServedCounts(requests, errors, BOUNDS, slow ? List.of(0L, 0L, 0L, requests)
                : List.of(requests, requests, requests, requests));
    }

    private static TrafficSample sample(ServedCounts live, ServedCounts canary) {
        return new TrafficSample(live, canary, ShadowCounts.none());
    }

    @Test
    void aCanaryWithinTheLimitsWaitsUntilPromoteAfterThenIsPromoted() {
        TrafficSample fine = sample(counts(2000, 2, false), counts(250, 1, false));
        assertThat(judge.judge(fine, Duration.ofMinutes(3)).decision()).isEqualTo(Verdict.Decision.WAIT);
        Verdict verdict = judge.judge(fine, Duration.ofMinutes(10));
        assertThat(verdict.decision()).isEqualTo(Verdict.Decision.PROMOTE);
        assertThat(verdict.reason()).contains("canary: 250 requests, 1 errors (0.4%)");
    }

    @Test
    void errorsBeyondWhatTheLimitAllowsOverMinRequestsTakeItAwayAtOnce() {
        // 1% of min_requests 200 is 2 errors: the third is more than any later reading could make up for
        assertThat(judge.judge(sample(counts(500, 0, false), counts(30, 2, false)), Duration.ofSeconds(20))
                .decision()).isEqualTo(Verdict.Decision.WAIT);
        Verdict verdict = judge.judge(sample(counts(500, 0, false), counts(30, 3, false)), Duration.ofSeconds(20));
        assertThat(verdict.decision()).isEqualTo(Verdict.Decision.ABORT);
        assertThat(verdict.reason()).startsWith("error rate 10.0% over 30 requests is above max_error_rate 1.0%");
    }

    @Test
    void errorsTheLiveVersionMakesAsOftenAreNotTheCanarysFault() {
        TrafficSample badInputs = sample(counts(1000, 200, false), counts(250, 50, false));
        assertThat(judge.judge(badInputs, Duration.ofMinutes(1)).decision()).isEqualTo(Verdict.Decision.WAIT);
    }

    @Test
    void aSlowCanaryIsTakenAwayOnceItAnsweredMinRequests() {
        assertThat(judge.judge(sample(counts(1000, 0, false), counts(100, 0, true)), Duration.ofMinutes(1))
                .decision()).as("too few to judge its p99 yet").isEqualTo(Verdict.Decision.WAIT);
        Verdict verdict = judge.judge(sample(counts(1000, 0, false), counts(200, 0, true)), Duration.ofMinutes(1));
        assertThat(verdict.decision()).isEqualTo(Verdict.Decision.ABORT);
        assertThat(verdict.reason()).startsWith("p99 ").contains("above max_p99_ms 200");
    }

    @Test
    void tooFewRequestsByPromoteAfterIsNoPromotion() {
        Verdict verdict = judge.judge(sample(counts(300, 0, false), counts(40, 0, false)), Duration.ofMinutes(11));
        assertThat(verdict.decision()).isEqualTo(Verdict.Decision.ABORT);
        assertThat(verdict.reason()).startsWith("only 40 requests in 10m, fewer than min_requests 200");
    }
}
