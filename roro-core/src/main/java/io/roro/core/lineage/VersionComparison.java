package io.roro.core.lineage;

import io.roro.core.contract.ModelVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Model versions side by side: what they were trained with (params, dataset, code, image), what they scored
 * (metrics) and what they are (files by content). Each metric, parameter and file is its own row, so what changed
 * is read off the rows marked different. The CLI's {@code versions compare} and the UI's compare page show this.
 *
 * @param versions the compared version ids, in the order given
 * @param rows     in order: where they came from, params, metrics, files, creation time
 */
public record VersionComparison(List<String> versions, List<Row> rows) {
    /** One compared value per version; {@code "-"} where a version has none. */
    public record Row(String field, List<String> values, boolean differs) {
        public Row {
            values = List.copyOf(values);
        }
    }

    public VersionComparison {
        versions = List.copyOf(versions);
        rows = List.copyOf(rows);
    }

    public static VersionComparison of(List<ModelVersion> compared) {
        List<Row> rows = new ArrayList<>();
        add(rows, "training", compared, v -> v.training().orElse(null));
        add(rows, "dataset", compared, v -> v.dataset().orElse(null));
        add(rows, "build", compared, v -> v.buildVersion().orElse(null));
        // git's short form: 12 characters tell commits apart, and four full ones made the compare page 1848 px wide
        add(rows, "git commit", compared, v -> shortCommit(snapshotPart(v, "build").get("git_commit")));
        add(rows, "pretrained", compared, v -> v.pretrained().orElse(null));
        each(rows, "param ", compared, VersionComparison::params);
        each(rows, "metric ", compared, ModelVersion::metrics);
        each(rows, "file ", compared, VersionComparison::files);
        add(rows, "created", compared, v -> v.createdAt().toString());
        return new VersionComparison(compared.stream().map(ModelVersion::id).toList(), rows);
    }

    /** The rows whose values differ, creation time aside (two versions are never made at the same instant). */
    public List<Row> differences() {
        return rows.stream().filter(Row::differs).filter(r -> !r.field().equals("created")).toList();
    }

    private static void each(List<Row> rows, String prefix, List<ModelVersion> compared,
            Function<ModelVersion, Map<String, ?>> values) {
        TreeSet<String> names = new TreeSet<>();
        compared.forEach(v -> names.addAll(values.apply(v).keySet()));
        for (String name : names) {
            add(rows, prefix + name, compared, v -> values.apply(v).get(name));
        }
    }

    private static void add(List<Row> rows, String field, List<ModelVersion> compared,
            Function<ModelVersion, Object> value) {
        List<String> values = compared.stream().map(value).map(VersionComparison::text).toList();
        if (values.stream().allMatch("-"::equals)) {
            return;
        }
        rows.add(new Row(field, values, values.stream().distinct().count() > 1));
    }

    public static String text(Object value) {
        return value == null ? "-" : MetricsText.value(value);
    }

    /** Files by content: the same sha256 is the same file. */
    private static Map<String, ?> files(ModelVersion v) {
        Map<String, Object> files = new LinkedHashMap<>();
        v.files().forEach(f -> files.put(f.name(), "sha256:" + f.sha256().substring(0, Math.min(12,
                f.sha256().length())) + " " + f.size() + " B"));
        return files;
    }

    /** The training's parameters, as the version recorded them when it was published. */
    public static Map<String, ?> params(ModelVersion v) {
        Object params = snapshotPart(v, "training").get("params");
        return params instanceof Map<?, ?> map ? castMap(map) : Map.of();
    }

    private static Map<String, ?> snapshotPart(ModelVersion v, String part) {
        return v.snapshot().get(part) instanceof Map<?, ?> map ? castMap(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static Object shortCommit(Object commit) {
        return commit instanceof String c && c.length() > 12 ? c.substring(0, 12) : commit;
    }
}
