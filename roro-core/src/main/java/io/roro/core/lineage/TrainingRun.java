package io.roro.core.lineage;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * One run of a task: what it ran (build version, command or notebook, parameters, profile), on which data, how
 * far it got, its metrics, and the model versions it produced.
 *
 * @param buildVersion id of the build version ({@code project:tag})
 * @param dataset      id of the dataset ({@code model:name})
 * @param progress     0..1
 */
public record TrainingRun(String project, String name, String task, Optional<String> buildVersion,
        Optional<String> command, Optional<String> notebook, Map<String, Object> params, String profile,
        Optional<String> model, Optional<String> dataset, TrainingState state, double progress,
        Map<String, Object> metrics, Optional<String> reason, Instant createdAt, Optional<Instant> startedAt,
        Instant updatedAt, Optional<Instant> finishedAt, List<String> modelVersions, Origin origin) {

    public TrainingRun {
        createdAt = Docs.millis(createdAt);
        startedAt = Docs.millis(startedAt);
        updatedAt = Docs.millis(updatedAt);
        finishedAt = Docs.millis(finishedAt);
        params = Docs.copy(params);
        metrics = Docs.copy(metrics);
        modelVersions = List.copyOf(modelVersions);
    }

    public String id() {
        return LineageIds.training(project, name);
    }

    public Document toDocument() {
        Document d = Docs.base(id(), createdAt, origin).append("project", project).append("name", name)
                .append("task", task).append("params", Docs.document(params)).append("profile", profile)
                .append("state", state.name()).append("progress", progress)
                .append("metrics", Docs.document(metrics)).append("updated_at", Date.from(updatedAt))
                .append("model_versions", modelVersions);
        Docs.put(d, "build_version", buildVersion);
        Docs.put(d, "command", command);
        Docs.put(d, "notebook", notebook);
        Docs.put(d, "model", model);
        Docs.put(d, "dataset", dataset);
        Docs.put(d, "reason", reason);
        Docs.put(d, "started_at", startedAt);
        Docs.put(d, "finished_at", finishedAt);
        return d;
    }

    public static TrainingRun from(Document d) {
        return new TrainingRun(d.getString("project"), d.getString("name"), d.getString("task"),
                Docs.string(d, "build_version"), Docs.string(d, "command"), Docs.string(d, "notebook"),
                Docs.map(d, "params"), d.getString("profile"), Docs.string(d, "model"), Docs.string(d, "dataset"),
                TrainingState.valueOf(d.getString("state")), ((Number) d.get("progress")).doubleValue(),
                Docs.map(d, "metrics"), Docs.string(d, "reason"), Docs.instant(d, "created_at"),
                Docs.optionalInstant(d, "started_at"), Docs.instant(d, "updated_at"),
                Docs.optionalInstant(d, "finished_at"), Docs.strings(d, "model_versions"), Docs.origin(d));
    }
}
