package io.roro.core.ui;

import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.VersionComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The columns of a model's versions table and the choices of the page: which params and metrics are columns (a
 * chooser: {@code show=auc,param:max_depth}; by default every metric, and the params in one column), the column
 * it is sorted by, the metric charted and the filter. Every link of the page keeps the others' choice.
 */
final class VersionColumns {
    private static final String PARAM = "param:";
    private static final String METRIC = "metric:";

    private final String model;
    private final Map<String, String> query;
    private final List<String> params;
    private final List<String> metrics;
    private final Optional<List<String>> shown;

    VersionColumns(String model, Map<String, String> query, List<ModelVersion> versions) {
        this.model = model;
        this.query = query;
        this.params = versions.stream().flatMap(v -> VersionComparison.params(v).keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        this.metrics = versions.stream().flatMap(v -> v.metrics().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        this.shown = Optional.ofNullable(query.get("show")).map(s -> List.of(s.split(",")).stream()
                .map(String::strip).filter(c -> !c.isEmpty() && !c.equals("none")).map(VersionColumns::named).distinct()
                .toList());
    }

    /** {@code auc} and {@code metric:auc} are the metric's column; {@code param:lr} the parameter's. */
    private static String named(String column) {
        return column.startsWith(PARAM) || column.startsWith(METRIC) ? column : METRIC + column;
    }

    List<String> metrics() {
        return metrics;
    }

    /** The param and metric columns shown, in order: chosen ones, else every metric. */
    private List<String> dataColumns() {
        return shown.orElseGet(() -> metrics.stream().map(m -> METRIC + m).toList());
    }

    String sort() {
        return query.getOrDefault("sort", "created");
    }

    boolean ascending() {
        return "asc".equals(query.get("order"));
    }

    /** A link to this page with {@code changes} (null removes a choice), keeping every other choice. */
    String link(Map<String, String> changes) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String key : List.of("metric", "sort", "order", "show", "filter")) {
            String value = changes.containsKey(key) ? changes.get(key) : query.get(key);
            if (value != null && !value.isBlank()) {
                kept.put(key, value);
            }
        }
        return "/models/" + UiLinks.path(model) + (kept.isEmpty() ? "" : "?" + kept.entrySet().stream()
                .map(e -> e.getKey() + "=" + UiLinks.query(e.getValue())).collect(Collectors.joining("&")));
    }

    /** The header: label, sort link and whether the table is sorted by it. */
    List<Map<String, Object>> header() {
        List<String[]> columns = new ArrayList<>(List.of(new String[] {"version", "created"},
                new String[] {"created", "created"}, new String[] {"training", "training"},
                new String[] {"dataset", "dataset"}));
        if (shown.isEmpty()) {
            columns.add(new String[] {"params", null});
        }
        dataColumns().forEach(c -> columns.add(new String[] {c.startsWith(PARAM) ? c : c.substring(METRIC.length()),
                c}));
        columns.add(new String[] {"state", null});
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] column : columns) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", column[0]);
            if (column[1] != null) {
                // version and created both sort by creation; the created column shows the arrow
                boolean active = column[1].equals(sort()) && !column[0].equals("version");
                c.put("href", link(Map.of("sort", column[1], "order", active && !ascending() ? "asc" : "desc")));
                c.put("active", active ? (ascending() ? "asc" : "desc") : null);
            } // else no link: the column does not sort
            out.add(c);
        }
        return out;
    }

    /** A row's cells for the chosen columns (the combined params first when no choice was made). */
    Map<String, Object> cells(ModelVersion v) {
        Map<String, Object> cells = new LinkedHashMap<>();
        Map<String, ?> versionParams = VersionComparison.params(v);
        cells.put("params", shown.isPresent() ? null : versionParams.isEmpty() ? "-" : MetricsText.of(versionParams));
        cells.put("metrics", dataColumns().stream().map(c -> VersionComparison.text(value(v, c))).toList());
        return cells;
    }

    private static Object value(ModelVersion v, String column) {
        return column.startsWith(PARAM) ? VersionComparison.params(v).get(column.substring(PARAM.length()))
                : v.metrics().get(column.substring(METRIC.length()));
    }

    /** The chooser: every param and metric of the page's versions, each a link that shows or hides it. */
    List<Map<String, Object>> chooser() {
        List<String> current = dataColumns();
        List<Map<String, Object>> choices = new ArrayList<>();
        List<String> all = new ArrayList<>(params.stream().map(p -> PARAM + p).toList());
        all.addAll(metrics.stream().map(m -> METRIC + m).toList());
        for (String column : all) {
            Set<String> next = new LinkedHashSet<>(current);
            boolean on = next.contains(column);
            if (on) {
                next.remove(column);
            } else {
                next.add(column);
            }
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("name", column.startsWith(PARAM) ? column : column.substring(METRIC.length()));
            choice.put("shown", on ? Boolean.TRUE : null);
            choice.put("href", link(Map.of("show", next.isEmpty() ? "none" : String.join(",", next))));
            choices.add(choice);
        }
        return choices;
    }

    /** The order of the sort chosen: by creation, training, dataset, or any param or metric (missing ones last). */
    Comparator<ModelVersion> order() {
        String sort = sort();
        if (sort.startsWith(METRIC) || sort.startsWith(PARAM)) {
            Comparator<Comparable<Object>> values = ascending() ? Comparator.naturalOrder()
                    : Comparator.reverseOrder();
            return Comparator.comparing((ModelVersion v) -> comparable(value(v, sort)),
                    Comparator.nullsLast(values));
        }
        Comparator<ModelVersion> by = switch (sort) {
            case "training" -> Comparator.comparing(v -> v.training().orElse(""));
            case "dataset" -> Comparator.comparing(v -> v.dataset().orElse(""));
            default -> Comparator.comparing(ModelVersion::createdAt);
        };
        return ascending() ? by : by.reversed();
    }

    /** Numbers by value, anything else by its text (so a param of strings sorts too). */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object value) {
        if (value == null) {
            return null;
        }
        Comparable<?> key = value instanceof Number n ? (Comparable<?>) new SortKey(0, n.doubleValue(), "")
                : new SortKey(1, 0, String.valueOf(value));
        return (Comparable<Object>) key;
    }

    /** Numbers before text, each in its own order. */
    private record SortKey(int kind, double number, String text) implements Comparable<SortKey> {
        @Override
        public int compareTo(SortKey other) {
            return Comparator.comparingInt(SortKey::kind).thenComparingDouble(SortKey::number)
                    .thenComparing(SortKey::text).compare(this, other);
        }
    }
}
