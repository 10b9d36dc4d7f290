package io.roro.core.lineage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** Small helpers for the explicit record <-> document mappings of the lineage collections. */
final class Docs {
    /** Written on every document, so later releases can migrate old ones. */
    static final int SCHEMA_VERSION = 1;

    private Docs() {
    }

    static Document base(String id, Instant createdAt, Origin origin) {
        return new Document("_id", id).append("schema", SCHEMA_VERSION).append("created_at", Date.from(createdAt))
                .append("origin", origin.toDocument());
    }

    static void put(Document d, String key, Optional<?> value) {
        value.ifPresent(v -> d.append(key, v instanceof Instant i ? Date.from(i) : v));
    }

    static Optional<String> string(Document d, String key) {
        return Optional.ofNullable(d.getString(key));
    }

    /**
     * A record's time as the store keeps it (milliseconds): a record made in this process, printed or compared, is
     * then the same as the one read back from MongoDB.
     */
    static Instant millis(Instant at) {
        return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }

    static Optional<Instant> millis(Optional<Instant> at) {
        return at == null ? Optional.empty() : at.map(Docs::millis);
    }

    static Instant instant(Document d, String key) {
        Date date = d.getDate(key);
        return date == null ? Instant.EPOCH : date.toInstant();
    }

    static Optional<Instant> optionalInstant(Document d, String key) {
        return Optional.ofNullable(d.getDate(key)).map(Date::toInstant);
    }

    static Map<String, Object> map(Document d, String key) {
        Object value = d.get(key);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    /** An unmodifiable copy that, unlike {@code Map.copyOf}, keeps order and allows null values (JSON has them). */
    static Map<String, Object> copy(Map<String, ?> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static Document document(Map<String, ?> map) {
        return new Document(new LinkedHashMap<>(map));
    }

    static List<String> strings(Document d, String key) {
        List<String> values = d.getList(key, String.class);
        return values == null ? List.of() : List.copyOf(values);
    }

    static List<Document> documents(Document d, String key) {
        List<Document> values = d.getList(key, Document.class);
        return values == null ? List.of() : new ArrayList<>(values);
    }

    static Origin origin(Document d) {
        return Origin.from(d.get("origin", Document.class));
    }
}
