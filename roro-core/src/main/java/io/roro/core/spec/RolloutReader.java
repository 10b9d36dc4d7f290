package io.roro.core.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service's {@code rollout:} (the canary share, when to promote, and the limits it is judged on). */
final class RolloutReader {
    static final Set<String> KEYS = Set.of("canary", "promote_after", "max_error_rate", "max_p99_ms",
            "min_requests");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,4})?)\\s*%");

    private RolloutReader() {
    }

    static ServiceSpec.RolloutPolicy read(Fields f) {
        int canary = f.integer("canary", 1, 99).orElse(ServiceSpec.RolloutPolicy.DEFAULT_CANARY);
        Optional<Duration> promoteAfter = f.string("promote_after").flatMap(text -> duration(f, text));
        double maxErrorRate = f.string("max_error_rate").flatMap(text -> percent(f, text))
                .orElse(ServiceSpec.RolloutPolicy.DEFAULT_MAX_ERROR_RATE);
        Optional<Integer> maxP99 = f.integer("max_p99_ms", 1, 600_000);
        int minRequests = f.integer("min_requests", 1, 100_000_000)
                .orElse(ServiceSpec.RolloutPolicy.DEFAULT_MIN_REQUESTS);
        return new ServiceSpec.RolloutPolicy(canary, promoteAfter, maxErrorRate, maxP99, minRequests);
    }

    private static Optional<Duration> duration(Fields f, String text) {
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            f.problem("promote_after", e.getMessage());
            return Optional.empty();
        }
    }

    /** "1%" or "0.5%": a share of the canary's requests. */
    private static Optional<Double> percent(Fields f, String text) {
        Matcher m = PERCENT.matcher(text.strip());
        double value = m.matches() ? Double.parseDouble(m.group(1)) : -1;
        if (value < 0 || value > 100) {
            f.problem("max_error_rate", "'" + text + "' is not a percentage from 0% to 100% (e.g. 1% or 0.5%)");
            return Optional.empty();
        }
        return Optional.of(value / 100);
    }
}
