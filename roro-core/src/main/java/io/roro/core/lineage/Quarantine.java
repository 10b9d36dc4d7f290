package io.roro.core.lineage;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * A lineage record taken out of use after an incident: a dataset version, a build or a model version, and with it
 * everything derived from it (the versions trained on it, what serves them). Lifted, it stays on record.
 *
 * @param ref    what is quarantined, as a lineage reference ({@code dataset/MODEL:NAME:VERSION}, {@code build/P:T},
 *               {@code MODEL:VERSION})
 * @param lifted when the quarantine ended, if it has
 */
public record Quarantine(String ref, String reason, Instant at, Origin origin, Optional<Instant> lifted) {

    public Quarantine {
        at = Docs.millis(at);
        lifted = Docs.millis(lifted);
    }

    public boolean active() {
        return lifted.isEmpty();
    }

    /** One line naming it: {@code dataset/m:d:v7 ("export was corrupt")}. */
    public String describe() {
        return ref + " (\"" + reason + "\")";
    }

    Document toDocument() {
        Document d = Docs.base(ref, at, origin).append("reason", reason);
        lifted.ifPresent(l -> d.append("lifted_at", Date.from(l)));
        return d;
    }

    static Quarantine from(Document d) {
        return new Quarantine(d.getString("_id"), d.getString("reason"), d.getDate("created_at").toInstant(),
                Origin.from(d.get("origin", Document.class)),
                Optional.ofNullable(d.getDate("lifted_at")).map(Date::toInstant));
    }
}
