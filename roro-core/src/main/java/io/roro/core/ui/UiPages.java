package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.LineageGraph;
import io.roro.core.lineage.LineageSvg;
import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.lineage.VersionComparison;
import io.roro.core.contract.VersionNotes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The scopes of the UI's pages, read from lineage; the model page (versions, chart) is {@link ModelPage}. */
final class UiPages {
    /** A page: its template and what the template shows. */
    record Page(String template, Map<String, Object> scope) {
    }

    private final Lineage lineage;
    private final LiveLog liveLog;

    UiPages(Lineage lineage, LiveLog liveLog) {
        this.liveLog = liveLog;
        this.lineage = lineage;
    }

    Page home() {
        List<Map<String, Object>> projects = new ArrayList<>();
        for (String name : lineage.projects().projectNames()) {
            List<Deployment> services = lineage.deployments().deployments(Optional.of(name));
            projects.add(Map.of("name", name, "services", services.isEmpty() ? "-" : String.join(", ",
                    services.stream().map(d -> d.service() + " (" + d.state() + ")").toList())));
        }
        return new Page("home", scope("roro", "projects", projects, "models", modelRows()));
    }

    Page models() {
        return new Page("models", scope("models", "models", modelRows()));
    }

    private List<Map<String, Object>> modelRows() {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelRecord model : lineage.models().models()) {
            Optional<ModelVersion> latest = lineage.models().latestVersion(model.name());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", model.name());
            row.put("description", model.description());
            row.put("latest", latest.map(ModelVersion::id).orElse(null));
            row.put("metrics", latest.map(v -> MetricsText.of(v.metrics())).orElse("-"));
            models.add(row);
        }
        return models;
    }

    Page service(String project, String service, Optional<String> at) {
        List<Map<String, Object>> events = new ArrayList<>();
        List<DeploymentEvent> timeline = lineage.deployments().timeline(project, service);
        if (timeline.isEmpty()) {
            throw new UiNotFound("no service " + project + ":" + service);
        }
        for (DeploymentEvent e : timeline) {
            events.add(event(e));
        }
        Map<String, Object> scope = scope("service " + project + ":" + service, "project", project, "service",
                service, "events", events);
        at.filter(a -> !a.isBlank()).ifPresent(a -> {
            scope.put("at", a);
            try {
                Instant when = UiApi.instant(a);
                scope.put("atAnswer", lineage.deployments().at(project, service, when)
                        .map(e -> "at " + a + ": " + e.type() + " " + e.modelVersion().orElse("no model") + " (revision "
                                + e.revision() + ")").orElse("nothing was live at " + a));
            } catch (UiBadRequest e) {
                scope.put("atAnswer", e.getMessage());
            }
        });
        return new Page("service", scope);
    }

    private static Map<String, Object> event(DeploymentEvent e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("revision", e.revision());
        row.put("at", ShownTime.of(e.at()));
        row.put("type", e.type().name());
        row.put("version", e.modelVersion().orElse(null));
        // while a canary ran, who answered how much
        e.candidate().ifPresent(c -> row.put("candidate", " (" + e.liveShare() + "%) + " + c.describe()));
        row.put("replicas", e.replicas());
        row.put("why", e.message().orElse(""));
        return row;
    }

    Page version(String id) {
        ModelVersion v = lineage.models().modelVersion(id).orElseThrow(() -> new UiNotFound("no model version " + id));
        Map<String, Object> scope = scope("model version " + id, "id", id, "model", v.model(), "state",
                v.state().name(), "created", ShownTime.of(v.createdAt()));
        scope.put("training", v.training().orElse(null));
        scope.put("dataset", v.dataset().orElse(null));
        scope.put("build", v.buildVersion().orElse("-"));
        Object commit = v.snapshot().get("build") instanceof Map<?, ?> build ? build.get("git_commit") : null;
        scope.put("commit", commit == null ? "-" : String.valueOf(commit));
        scope.put("pretrained", v.pretrained().orElse(null));
        scope.put("params", pairs(VersionComparison.params(v)));
        scope.put("metrics", pairs(v.metrics()));
        scope.putAll(FileRows.of(lineage, v.files()));
        scope.put("live", VersionPlaces.of(lineage, id));
        scope.put("quarantine", lineage.quarantines().taintOf(id).map(q -> q.ref().equals(id) ? q.describe()
                : "derived from " + q.describe()).orElse(null));
        List<String> aliases = lineage.aliases().naming(id);
        scope.put("aliases", aliases.isEmpty() ? null : String.join(", ", aliases));
        VersionNotes notes = lineage.notes().of(id);
        scope.put("tags", notes.tagsText().orElse(null));
        scope.put("description", notes.description().orElse(null));
        return new Page("version", scope);
    }

    Page compare(List<String> ids) {
        if (ids.size() < 2) {
            throw new UiBadRequest("compare needs two or more versions: check them on a model's page");
        }
        List<ModelVersion> versions = ids.stream().map(id -> lineage.models().modelVersion(id)
                .orElseThrow(() -> new UiNotFound("no model version " + id))).toList();
        VersionComparison comparison = VersionComparison.of(versions);
        return new Page("compare", scope("compare " + String.join(", ", ids), "versions", comparison.versions(),
                "rows", comparison.rows()));
    }

    /** Which way a version's lineage page walks: both ways (the default), or one. */
    enum Direction { BOTH, UPSTREAM, DOWNSTREAM }

    Page lineage(String of, Direction direction) {
        LineageGraph graph;
        LineageRef.Kind kind;
        try {
            kind = LineageRef.kindOf(of);
            graph = kind != LineageRef.Kind.MODEL_VERSION || direction == Direction.BOTH ? lineage.queries().around(of)
                    : direction == Direction.DOWNSTREAM ? lineage.queries().downstreamOfVersion(of)
                    : lineage.queries().upstreamOfVersion(of);
        } catch (IllegalArgumentException e) {
            throw new UiBadRequest(e.getMessage(), e);
        } catch (LineageException e) {
            throw new UiNotFound(e.getMessage(), e);
        }
        Map<String, Object> scope = scope("lineage of " + of, "of", of, "svg", LineageSvg.render(graph, UiLinks::of),
                "tree", graph.renderTree());
        // a deployment has only an upstream, a dataset and a build only a downstream: no link that shows the same
        scope.put("only", switch (kind) {
            case DEPLOYMENT -> "where it came from";
            case DATASET, BUILD -> "what came from it";
            case MODEL_VERSION -> null;
        });
        if (kind == LineageRef.Kind.MODEL_VERSION) {
            String base = "/lineage?of=" + UiLinks.query(of);
            scope.put("directions", List.of(
                    direction(direction == Direction.BOTH, "both ways", base),
                    direction(direction == Direction.UPSTREAM, "where it came from", base + "&upstream=1"),
                    direction(direction == Direction.DOWNSTREAM, "what came from it", base + "&downstream=1")));
        }
        List<String> quarantined = lineage.quarantines().markings(graph);
        scope.put("quarantined", quarantined);
        scope.put("hasQuarantined", quarantined.isEmpty() ? null : Boolean.TRUE);
        return new Page("lineage", scope);
    }

    private static Map<String, Object> direction(boolean current, String label, String href) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("label", label);
        d.put("href", href);
        d.put("current", current ? Boolean.TRUE : null);
        return d;
    }

    Page training(String id) {
        TrainingRun t = lineage.trainings().training(id).orElseThrow(() -> new UiNotFound("no training " + id));
        Map<String, Object> scope = scope("training " + id, "id", id, "state", t.state().name(), "percent",
                Math.round(t.progress() * 100), "metrics", t.metrics().isEmpty() ? "-" : MetricsText.of(t.metrics()),
                "task", t.task(), "params", t.params().isEmpty() ? "-" : MetricsText.of(t.params()));
        scope.put("dataset", t.dataset().orElse("-"));
        // not a dead end: the project, the data it read, the versions it published and where they came from
        scope.put("project", t.project());
        scope.put("projectHref", "/projects/" + UiLinks.path(t.project()));
        t.dataset().ifPresent(d -> scope.put("datasetHref", UiLinks.dataset(d)));
        scope.put("versions", t.modelVersions().stream().map(v -> Map.<String, Object>of("id", v, "href",
                "/versions/" + UiLinks.path(v), "lineageHref", "/lineage?of=" + UiLinks.query(v))).toList());
        scope.put("model", t.model().orElse("-"));
        scope.put("started", t.startedAt().map(ShownTime::of).orElse("-"));
        scope.put("reason", t.reason().orElse(""));
        scope.put("log", TrainingLogs.shown(lineage, t, liveLog).text());
        return new Page("training", scope);
    }

    static List<Map<String, Object>> pairs(Map<String, ?> values) {
        return values.entrySet().stream().map(e -> Map.<String, Object>of("name", e.getKey(), "value",
                VersionComparison.text(e.getValue()))).toList();
    }

    /** A place in a list to read on from ({@code before=1234}, as a bounded search links it); empty for none. */
    static OptionalLong position(String asked) {
        if (asked == null || asked.isBlank()) {
            return OptionalLong.empty();
        }
        if (!asked.matches("[1-9][0-9]{0,17}")) {
            throw new UiBadRequest("before is a place in the list such as 1234, not " + asked);
        }
        return OptionalLong.of(Long.parseLong(asked));
    }

    /** A page's scope: its title, then name/value pairs. */
    static Map<String, Object> scope(String title, Object... pairs) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", title);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            scope.put((String) pairs[i], pairs[i + 1]);
        }
        return scope;
    }
}
