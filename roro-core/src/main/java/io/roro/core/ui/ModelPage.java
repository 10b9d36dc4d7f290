package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.lineage.Candidate;
import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.MetricsText;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.VersionComparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * A model's versions: a page of them (newest first, key-paged with "older versions"), filtered by a lineage query
 * as `roro versions --filter` takes it, sortable by any column (within the page), every metric a column, and a
 * chart of one metric over the page's versions with the live ones marked.
 */
final class ModelPage {
    static final int PAGE = 50;
    private final Lineage lineage;

    ModelPage(Lineage lineage) {
        this.lineage = lineage;
    }

    UiPages.Page render(String model, Map<String, String> query) {
        if (lineage.models().model(model).isEmpty()) {
            throw new UiNotFound("no model " + model);
        }
        String filter = query.getOrDefault("filter", "");
        Map<String, Object> scope = UiPages.scope("model " + model, "model", model, "filter", filter);
        List<ModelVersion> versions;
        try {
            Document parsed = filter.isBlank() ? new Document() : Document.parse(filter);
            versions = lineage.models().versions(Optional.of(model), parsed, false,
                    Optional.ofNullable(query.get("after")), PAGE);
        } catch (RuntimeException e) {
            scope.put("problem", "the filter is not a query the lineage store can run (a JSON object such as"
                    + " {\"metrics.auc\": {\"$gt\": 0.8}}): " + String.valueOf(e.getMessage()).lines().findFirst()
                    .orElse(""));
            versions = List.of();
        }
        List<Deployment> deployments = lineage.deployments().deployments(Optional.empty()).stream()
                .filter(Deployment::isLive).toList(); // one read for the live marks and the candidates'
        Set<String> live = live(model, deployments);
        Map<String, String> candidates = candidates(model, deployments);
        List<String> metrics = versions.stream().flatMap(v -> v.metrics().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        String sort = query.getOrDefault("sort", "created");
        boolean ascending = "asc".equals(query.get("order"));
        List<ModelVersion> sorted = new ArrayList<>(versions);
        sorted.sort(order(sort, ascending));
        // every link of the page keeps what the others chose: the filter, the sort and its order, the chart's metric
        String chosenMetric = query.getOrDefault("metric", "");
        scope.put("columns", columns(model, filter, metrics, sort, ascending, chosenMetric));
        Map<String, List<String>> aliases = lineage.aliases().byVersion(List.of(model));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModelVersion v : sorted) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", v.id());
            row.put("live", live.contains(v.id()) ? Boolean.TRUE : null);
            row.put("candidate", candidates.get(v.id()));
            row.put("created", ShownTime.of(v.createdAt()));
            row.put("aliases", aliases.getOrDefault(v.id(), List.of()));
            row.put("training", v.training().orElse(null));
            row.put("dataset", v.dataset().orElse(null));
            Map<String, ?> params = VersionComparison.params(v);
            row.put("params", params.isEmpty() ? "-" : MetricsText.of(params));
            row.put("metrics", metrics.stream().map(m -> VersionComparison.text(v.metrics().get(m))).toList());
            row.put("state", v.state().name());
            rows.add(row);
        }
        scope.put("rows", rows);
        if (versions.size() == PAGE) {
            scope.put("next", "/models/" + UiLinks.path(model) + "?after=" + UiLinks.query(versions.get(PAGE - 1).id())
                    + (filter.isBlank() ? "" : "&filter=" + UiLinks.query(filter))
                    + (query.containsKey("metric") ? "&metric=" + UiLinks.query(query.get("metric")) : ""));
        }
        String metric = query.getOrDefault("metric", metrics.isEmpty() ? "" : metrics.get(0));
        List<ModelVersion> oldestFirst = new ArrayList<>(versions);
        oldestFirst.sort(Comparator.comparing(ModelVersion::createdAt));
        String chart = metrics.contains(metric) ? MetricChart.svg(metric, oldestFirst, live, candidates) : "";
        if (!chart.isEmpty()) {
            scope.put("chart", chart);
            scope.put("metric", metric);
            scope.put("metrics", metrics.stream().map(m -> {
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("name", m);
                choice.put("chosen", m.equals(metric) ? Boolean.TRUE : null);
                choice.put("href", "/models/" + UiLinks.path(model) + "?metric=" + UiLinks.query(m)
                        + (query.containsKey("sort") ? "&sort=" + UiLinks.query(sort) + "&order="
                                + (ascending ? "asc" : "desc") : "")
                        + (filter.isBlank() ? "" : "&filter=" + UiLinks.query(filter)));
                return choice;
            }).toList());
        }
        return new UiPages.Page("model", scope);
    }

    /** The versions of {@code model} live now (answering users' requests as the live version of a service). */
    private static Set<String> live(String model, List<Deployment> deployments) {
        return deployments.stream().flatMap(d -> d.modelVersion().stream()).filter(v -> v.startsWith(model + ":"))
                .collect(Collectors.toSet());
    }

    /** The versions of {@code model} running as a canary or shadow beside a live one: "canary 10%", "shadow". */
    private static Map<String, String> candidates(String model, List<Deployment> deployments) {
        Map<String, String> candidates = new LinkedHashMap<>();
        for (Deployment d : deployments) {
            d.candidate().filter(c -> c.modelVersion().filter(v -> v.startsWith(model + ":")).isPresent())
                    .ifPresent(c -> candidates.put(c.modelVersion().get(),
                            c.mode() == Candidate.Mode.CANARY ? "canary " + c.share() + "%"
                                    : "shadow"));
        }
        return candidates;
    }

    private static Comparator<ModelVersion> order(String sort, boolean ascending) {
        Comparator<ModelVersion> by;
        if (sort.startsWith("metric:")) {
            String metric = sort.substring("metric:".length());
            // versions without the metric go last either way
            by = Comparator.comparing((ModelVersion v) -> number(v.metrics().get(metric)),
                    Comparator.nullsLast(ascending ? Comparator.<Double>naturalOrder() : Comparator.<Double>reverseOrder()));
            return by;
        }
        by = switch (sort) {
            case "training" -> Comparator.comparing(v -> v.training().orElse(""));
            case "dataset" -> Comparator.comparing(v -> v.dataset().orElse(""));
            default -> Comparator.comparing(ModelVersion::createdAt);
        };
        return ascending ? by : by.reversed();
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    private static List<Map<String, Object>> columns(String model, String filter, List<String> metrics, String sort,
            boolean ascending, String chosenMetric) {
        List<String[]> columns = new ArrayList<>(List.of(new String[] {"version", "created"},
                new String[] {"created", "created"}, new String[] {"training", "training"},
                new String[] {"dataset", "dataset"}, new String[] {"params", null}));
        metrics.forEach(m -> columns.add(new String[] {m, "metric:" + m}));
        columns.add(new String[] {"state", null});
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] column : columns) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", column[0]);
            if (column[1] != null) {
                // version and created both sort by creation; the created column shows the arrow
                boolean active = column[1].equals(sort) && !column[0].equals("version");
                String nextOrder = active && !ascending ? "asc" : "desc";
                c.put("href", "/models/" + UiLinks.path(model) + "?sort=" + UiLinks.query(column[1]) + "&order="
                        + nextOrder + (filter.isBlank() ? "" : "&filter=" + UiLinks.query(filter))
                        + (chosenMetric.isBlank() ? "" : "&metric=" + UiLinks.query(chosenMetric)));
                c.put("active", active ? (ascending ? "asc" : "desc") : null);
            } else {
                c.put("href", "#");
            }
            out.add(c);
        }
        return out;
    }
}
