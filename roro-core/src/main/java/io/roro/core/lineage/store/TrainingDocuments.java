package io.roro.core.lineage.store;

import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import java.util.Date;
import org.bson.Document;

/** A training as a document. */
public final class TrainingDocuments {
    private TrainingDocuments() {
    }

    public static Document of(TrainingRun t) {
        Document d = Docs.base(t.id(), t.createdAt(), t.origin()).append("project", t.project())
                .append("name", t.name()).append("task", t.task()).append("params", Docs.document(t.params()))
                .append("profile", t.profile()).append("state", t.state().name()).append("progress", t.progress())
                .append("metrics", Docs.document(t.metrics())).append("updated_at", Date.from(t.updatedAt()))
                .append("model_versions", t.modelVersions());
        Docs.put(d, "build_version", t.buildVersion());
        Docs.put(d, "command", t.command());
        Docs.put(d, "notebook", t.notebook());
        Docs.put(d, "model", t.model());
        Docs.put(d, "dataset", t.dataset());
        Docs.put(d, "reason", t.reason());
        Docs.put(d, "started_at", t.startedAt());
        Docs.put(d, "finished_at", t.finishedAt());
        return d;
    }

    public static TrainingRun training(Document d) {
        return new TrainingRun(d.getString("project"), d.getString("name"), d.getString("task"),
                Docs.string(d, "build_version"), Docs.string(d, "command"), Docs.string(d, "notebook"),
                Docs.map(d, "params"), d.getString("profile"), Docs.string(d, "model"), Docs.string(d, "dataset"),
                TrainingState.valueOf(d.getString("state")), ((Number) d.get("progress")).doubleValue(),
                Docs.map(d, "metrics"), Docs.string(d, "reason"), Docs.instant(d, "created_at"),
                Docs.optionalInstant(d, "started_at"), Docs.instant(d, "updated_at"),
                Docs.optionalInstant(d, "finished_at"), Docs.strings(d, "model_versions"), Docs.origin(d));
    }
}
