package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.lineage.search.VersionSearch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's versions: a page of them (newest first, key-paged with "older versions"), filtered by a lineage query
 * as `roro versions --filter` takes it, sortable by any column (within the page), every metric a column, and a
 * chart of one metric over the page's versions with the live ones marked.
 */
final class ModelPage {
    static final int PAGE = 50;
    /** Versions a search reads for one page: ~0.2 ms each on the embedded store, a page stays near 100 ms. */
    static final long SEARCHED = 500;
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
        OptionalLong resumeBelow = OptionalLong.empty();
        try {
            // a search reads at most SEARCHED versions a page (a page's time, not the whole registry's): it says
            // how far it got and links the older ones
            SeriesPage<ModelVersion> found = lineage.models().search(Optional.of(model),
                    VersionSearch.filter(filter, lineage.notes()::tagged), false,
                    Optional.ofNullable(query.get("after")), UiPages.position(query.get("before")), PAGE,
                    filter.isBlank() ? Long.MAX_VALUE : SEARCHED);
            versions = found.items();
            resumeBelow = found.resumeBelow();
        } catch (LineageException e) { // the search's mistake with its column, or an unknown page to go on from
            scope.put("problem", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            versions = List.of();
        }
        List<Deployment> deployments = lineage.deployments().deployments(Optional.empty()).stream()
                .filter(Deployment::isLive).toList(); // one read for the live marks and the candidates'
        Set<String> live = live(model, deployments);
        Map<String, String> candidates = candidates(model, deployments);
        VersionColumns columns = new VersionColumns(model, query, versions);
        resumeBelow.ifPresent(below -> scope.put("older", columns.link(Map.of()) + "&before=" + below));
        List<String> metrics = columns.metrics();
        List<ModelVersion> sorted = new ArrayList<>(versions);
        sorted.sort(columns.order());
        // every link of the page keeps what the others chose: the filter, the sort and its order, the columns shown,
        // the chart's metric
        scope.put("columns", columns.header());
        scope.put("chooser", columns.chooser());
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
            row.putAll(columns.cells(v));
            row.put("state", v.state().name());
            rows.add(row);
        }
        scope.put("rows", rows);
        if (versions.size() == PAGE) {
            String page = columns.link(Map.of("sort", "", "order", ""));
            scope.put("next", page + (page.contains("?") ? "&" : "?") + "after="
                    + UiLinks.query(versions.get(PAGE - 1).id()));
        }
        // the plots (plots.js, with ECharts) ask the API for the newest 300 versions the search finds (~60 ms)
        scope.put("plotsApi", "/api/v1/models/" + UiLinks.path(model) + "/versions?limit=300"
                + (filter.isBlank() ? "" : "&filter=" + UiLinks.query(filter)));
        scope.put("plotsLive", String.join(" ", live));
        scope.put("plotsCandidates", String.join(" ", candidates.keySet()));
        String metric = query.getOrDefault("metric", metrics.isEmpty() ? "" : metrics.get(0));
        List<ModelVersion> oldestFirst = new ArrayList<>(versions);
        oldestFirst.sort(Comparator.comparing(ModelVersion::createdAt));
        String chart = metrics.contains(metric) ? MetricChart.svg(metric, oldestFirst, live, candidates) : "";
        if (!chart.isEmpty()) {
            scope.put("chart", chart);
            scope.put("metric", metric);
            scope.put("plotMetric", metric);
            scope.put("metrics", metrics.stream().map(m -> {
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("name", m);
                choice.put("chosen", m.equals(metric) ? Boolean.TRUE : null);
                choice.put("href", columns.link(Map.of("metric", m)));
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
}
