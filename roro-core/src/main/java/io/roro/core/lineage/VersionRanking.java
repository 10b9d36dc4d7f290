package io.roro.core.lineage;

import io.roro.core.contract.ModelVersion;
import java.util.Comparator;
import java.util.List;

/** Versions best first by one metric (highest, or lowest for an error or a loss); those without a number last. */
public final class VersionRanking {
    /** How many of the newest matching versions a ranking looks at. */
    public static final int SCANNED = 10_000;

    private VersionRanking() {
    }

    public static List<ModelVersion> best(List<ModelVersion> versions, String metric, boolean ascending, int limit) {
        Comparator<Double> order = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return versions.stream().sorted(Comparator.comparing((ModelVersion v) -> value(v, metric),
                Comparator.nullsLast(order))).limit(limit).toList();
    }

    /** The version's number for {@code metric} ({@code auc} or {@code metrics.auc}); null when it has none. */
    public static Double value(ModelVersion v, String metric) {
        Object value = v.metrics().get(metric.startsWith("metrics.") ? metric.substring("metrics.".length())
                : metric);
        return value instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : null;
    }
}
