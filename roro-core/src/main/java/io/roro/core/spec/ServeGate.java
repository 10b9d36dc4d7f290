package io.roro.core.spec;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition a newly trained version must meet to be served: {@code metrics.NAME OP live} (against the version
 * the service serves now) or {@code metrics.NAME OP NUMBER}, OP one of {@code >= > <= <}. A task's
 * {@code serve: {service: default, if: "metrics.r2 >= live"}} keeps a worse model from going live by itself.
 *
 * @param metric    the metric's name
 * @param operator  how the new version's value compares
 * @param threshold the number compared with; empty: the live version's value
 */
public record ServeGate(String metric, String operator, Optional<Double> threshold) {
    private static final Pattern FORM = Pattern.compile(
            "\\s*metrics\\.([A-Za-z0-9_.-]+)\\s*(>=|<=|>|<)\\s*(live|[-+]?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*");
    static final String EXAMPLE = "metrics.r2 >= live, or metrics.auc > 0.8";

    /** The condition in {@code text}; IllegalArgumentException naming the form when it is none. */
    public static ServeGate parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a condition roro can check; write "
                    + EXAMPLE);
        }
        return new ServeGate(m.group(1), m.group(2), m.group(3).equals("live") ? Optional.empty()
                : Optional.of(Double.parseDouble(m.group(3))));
    }

    /** What the gate says of a version with {@code metrics}, beside the live one's {@code liveMetrics}. */
    public Decision decide(String version, Map<String, Object> metrics, Optional<String> liveVersion,
            Map<String, Object> liveMetrics) {
        Optional<Double> value = number(metrics.get(metric));
        if (value.isEmpty()) {
            return new Decision(false, version + " has no metric " + metric + " to check `" + this + "` with");
        }
        double against;
        String what;
        if (threshold.isPresent()) {
            against = threshold.get();
            what = String.valueOf(against);
        } else {
            Optional<Double> live = number(liveMetrics.get(metric));
            if (liveVersion.isEmpty() || live.isEmpty()) {
                return new Decision(true, liveVersion.map(v -> v + " has no metric " + metric)
                        .orElse("nothing is live") + " to compare with: served");
            }
            against = live.get();
            what = "live " + liveVersion.get() + "'s " + against;
        }
        boolean met = switch (operator) {
            case ">=" -> value.get() >= against;
            case ">" -> value.get() > against;
            case "<=" -> value.get() <= against;
            default -> value.get() < against;
        };
        return new Decision(met, version + "'s " + metric + " " + value.get() + (met ? " meets " : " does not meet ")
                + operator + " " + what);
    }

    private static Optional<Double> number(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? Optional.of(n.doubleValue())
                : Optional.empty();
    }

    /** Whether to serve, and why, as the log says it. */
    public record Decision(boolean serve, String reason) {
    }

    @Override
    public String toString() {
        return "metrics." + metric + " " + operator + " " + threshold.map(String::valueOf).orElse("live");
    }
}
