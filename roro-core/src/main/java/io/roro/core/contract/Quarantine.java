package io.roro.core.contract;

import java.time.Instant;
import java.util.Optional;

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
        at = RecordValues.millis(at);
        lifted = RecordValues.millis(lifted);
    }

    public boolean active() {
        return lifted.isEmpty();
    }

    /** One line naming it: {@code dataset/m:d:v7 ("export was corrupt")}. */
    public String describe() {
        return ref + " (\"" + reason + "\")";
    }
}
