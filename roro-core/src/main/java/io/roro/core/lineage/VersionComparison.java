package io.roro.core.lineage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Two model versions side by side: what they were trained with (params, dataset, code, image), what they scored
 * (metrics) and what they are (files by content). Each metric, parameter and file is its own row, so what changed
 * between them is read off the rows marked different.
 *
 * @param rows in order: where it came from, params, metrics, files
 */
public record VersionComparison(String a, String b, List<Row> rows) {
    /** One compared value; {@code "-"} where a version has none. */
    public record Row(String field, String a, String b, boolean differs) {
    }

    public VersionComparison {
        rows = List.copyOf(rows);
    }

    public static VersionComparison of(ModelVersion a, ModelVersion b) {
        List<Row> rows = new ArrayList<>();
        add(rows, "training", a.training().orElse(null), b.training().orElse(null));
        add(rows, "dataset", a.dataset().orElse(null), b.dataset().orElse(null));
        add(rows, "build", a.buildVersion().orElse(null), b.buildVersion().orElse(null));
        add(rows, "git commit", build(a).get("git_commit"), build(b).get("git_commit"));
        add(rows, "pretrained", a.pretrained().orElse(null), b.pretrained().orElse(null));
        each(rows, "param ", params(a), params(b));
        each(rows, "metric ", a.metrics(), b.metrics());
        each(rows, "file ", files(a), files(b));
        add(rows, "created", a.createdAt().toString(), b.createdAt().toString());
        return new VersionComparison(a.id(), b.id(), rows);
    }

    /** The rows whose values differ, creation time aside (two versions are never made at the same instant). */
    public List<Row> differences() {
        return rows.stream().filter(Row::differs).filter(r -> !r.field().equals("created")).toList();
    }

    private static void each(List<Row> rows, String prefix, Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            add(rows, prefix + name, a.get(name), b.get(name));
        }
    }

    private static void add(List<Row> rows, String field, Object a, Object b) {
        if (a == null && b == null) {
            return;
        }
        String left = text(a);
        String right = text(b);
        rows.add(new Row(field, left, right, !Objects.equals(left, right)));
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        return MetricsText.value(value);
    }

    /** Files by content: the same sha256 is the same file, whatever its name's history. */
    private static Map<String, Object> files(ModelVersion v) {
        Map<String, Object> files = new LinkedHashMap<>();
        v.files().forEach(f -> files.put(f.name(), "sha256:" + f.sha256().substring(0, Math.min(12,
                f.sha256().length())) + " " + f.size() + " B"));
        return files;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(ModelVersion v) {
        Object training = v.snapshot().get("training");
        if (training instanceof Map<?, ?> t && t.get("params") instanceof Map<?, ?> params) {
            return (Map<String, Object>) params;
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> build(ModelVersion v) {
        return v.snapshot().get("build") instanceof Map<?, ?> build ? (Map<String, Object>) build : Map.of();
    }
}
