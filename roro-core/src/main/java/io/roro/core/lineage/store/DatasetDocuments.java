package io.roro.core.lineage.store;

import io.roro.core.contract.Dataset;
import io.roro.core.contract.Quarantine;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** A dataset version and a quarantine (of a dataset, a build or a model version) as documents. */
public final class DatasetDocuments {
    private DatasetDocuments() {
    }

    public static Document of(Dataset ds) {
        return Docs.base(ds.id(), ds.createdAt(), ds.origin()).append("model", ds.model()).append("name", ds.name())
                .append("version", ds.version())
                .append("files", ds.files().stream().map(ModelDocuments::of).toList())
                .append("details", Docs.document(ds.details())).append("archived", ds.archived());
    }

    public static Dataset dataset(Document d) {
        return new Dataset(d.getString("model"), d.getString("name"), d.getString("version"),
                ModelDocuments.files(d), Docs.map(d, "details"), d.getBoolean("archived", false),
                Docs.instant(d, "created_at"), Docs.origin(d));
    }

    static Document of(Quarantine q) {
        Document d = Docs.base(q.ref(), q.at(), q.origin()).append("reason", q.reason());
        q.lifted().ifPresent(l -> d.append("lifted_at", Date.from(l)));
        return d;
    }

    static Quarantine quarantine(Document d) {
        return new Quarantine(d.getString("_id"), d.getString("reason"), d.getDate("created_at").toInstant(),
                Docs.origin(d), Optional.ofNullable(d.getDate("lifted_at")).map(Date::toInstant));
    }
}
