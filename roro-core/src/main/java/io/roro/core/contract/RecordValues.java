package io.roro.core.contract;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How records hold times and maps, so a record made here equals the one read back from a store or from JSON. */
public final class RecordValues {
    private RecordValues() {
    }

    /**
     * A record's time as the store keeps it (milliseconds): a record made in this process, printed or compared, is
     * then the same as the one read back from MongoDB.
     */
    public static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }

    public static Optional<Instant> millis(Optional<Instant> at) {
        return at == null ? Optional.empty() : at.map(RecordValues::millis);
    }

    /** An unmodifiable copy that, unlike {@code Map.copyOf}, keeps order and allows null values (JSON has them). */
    public static Map<String, Object> copy(Map<String, ?> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
