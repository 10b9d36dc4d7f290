package io.roro.core.lineage;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Metrics as people read them in tables, trees and logs: fractions to four significant digits (0.8667, not
 * 0.8666666666666667), large values to their whole part, integers as they are. What is stored and what --json prints keeps full precision.
 */
public final class MetricsText {
    private static final MathContext SHOWN = new MathContext(4);

    private MetricsText() {
    }

    /** {@code {auc=0.8667, rows=5000}}, in the metrics' own order. */
    public static String of(Map<String, ?> metrics) {
        return metrics.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String value(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return String.valueOf(d);
            }
            BigDecimal exact = new BigDecimal(d);
            // a large value keeps its whole part (123457, not 123500); a fraction its first four digits
            BigDecimal shown = Math.abs(d) >= 10_000 ? exact.setScale(0, RoundingMode.HALF_UP)
                    : exact.round(SHOWN);
            return shown.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
