package io.roro.core.rollout;

import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.TrafficSample;
import io.roro.core.spec.Durations;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges a canary on what it and the live version answered over the same time (a window of readings), against
 * roro.yml's limits. A limit counts against the canary only where it does worse than the live version: inputs
 * that make both fail say nothing about the new model. The canary goes as soon as its errors are more than the
 * limit allows over {@code min_requests} (no later reading could bring it back under); it is promoted once
 * {@code promote_after} has passed with at least {@code min_requests} answered within every limit.
 */
public final class CanaryJudge {
    private final RolloutPolicy policy;

    public CanaryJudge(RolloutPolicy policy) {
        this.policy = policy;
    }

    public Verdict judge(TrafficSample window, Duration elapsed) {
        ServedCounts canary = window.candidate();
        ServedCounts live = window.live();
        String numbers = numbers(canary, live);
        boolean worseErrors = canary.errorRate() > live.errorRate();
        double budget = policy.maxErrorRate() * Math.max(canary.requests(), policy.minRequests());
        if (worseErrors && canary.errors() > budget) {
            return Verdict.abort("error rate " + percent(canary.errorRate()) + " over " + canary.requests()
                    + " requests is above max_error_rate " + percent(policy.maxErrorRate()) + " (" + numbers + ")");
        }
        Optional<Double> p99 = canary.p99Millis();
        if (canary.requests() >= policy.minRequests() && policy.maxP99Ms().isPresent() && p99.isPresent()
                && p99.get() > policy.maxP99Ms().get() && p99.get() > live.p99Millis().orElse(0.0)) {
            return Verdict.abort("p99 " + millis(p99.get()) + " is above max_p99_ms " + policy.maxP99Ms().get()
                    + " (" + numbers + ")");
        }
        Duration due = policy.promoteAfter().orElse(Duration.ZERO);
        if (elapsed.compareTo(due) < 0) {
            return Verdict.waiting(numbers + "; judged at " + Durations.format(due));
        }
        if (canary.requests() < policy.minRequests()) {
            return Verdict.abort("only " + canary.requests() + " requests in " + Durations.format(due)
                    + ", fewer than min_requests " + policy.minRequests() + ": too few to judge (" + numbers + ")");
        }
        return Verdict.promote("within the limits after " + Durations.format(due) + " (" + numbers + ")");
    }

    static String numbers(ServedCounts canary, ServedCounts live) {
        return "canary: " + describe(canary) + "; live: " + describe(live);
    }

    static String describe(ServedCounts counts) {
        return counts.requests() + " requests, " + counts.errors() + " errors (" + percent(counts.errorRate())
                + ")" + counts.p99Millis().map(p -> ", p99 " + millis(p)).orElse("");
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
