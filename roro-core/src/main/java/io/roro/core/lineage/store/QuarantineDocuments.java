package io.roro.core.lineage.store;

import io.roro.core.contract.Quarantine;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/** A quarantine (of a dataset version, a build or a model version) as a document, keyed by what it quarantines. */
public final class QuarantineDocuments {
    private QuarantineDocuments() {
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
