package io.roro.core.lineage.store;

import io.roro.core.contract.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * Small helpers for the explicit record <-> document mappings of the lineage collections, and the mapping of the
 * one part every document has: who or what made it ({@link Origin}).
 */
public final class Docs {
    /** Written on every document, so later releases can migrate old ones. */
    public static final int SCHEMA_VERSION = 1;

    private Docs() {
    }

    public static Document base(String id, Instant createdAt, Origin origin) {
        return new Document("_id", id).append("schema", SCHEMA_VERSION).append("created_at", Date.from(createdAt))
                .append("origin", of(origin));
    }

    public static void put(Document d, String key, Optional<?> value) {
        value.ifPresent(v -> d.append(key, v instanceof Instant i ? Date.from(i) : v));
    }

    public static Optional<String> string(Document d, String key) {
        return Optional.ofNullable(d.getString(key));
    }

    public static Instant instant(Document d, String key) {
        Date date = d.getDate(key);
        return date == null ? Instant.EPOCH : date.toInstant();
    }

    public static Optional<Instant> optionalInstant(Document d, String key) {
        return Optional.ofNullable(d.getDate(key)).map(Date::toInstant);
    }

    public static Map<String, Object> map(Document d, String key) {
        Object value = d.get(key);
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        return Map.of();
    }

    public static Document document(Map<String, ?> map) {
        return new Document(new LinkedHashMap<>(map));
    }

    public static List<String> strings(Document d, String key) {
        List<String> values = d.getList(key, String.class);
        return values == null ? List.of() : List.copyOf(values);
    }

    public static List<Document> documents(Document d, String key) {
        List<Document> values = d.getList(key, Document.class);
        return values == null ? List.of() : new ArrayList<>(values);
    }

    /** The document's {@code origin}. */
    public static Origin origin(Document d) {
        return readOrigin(d.get("origin", Document.class));
    }

    /** An origin as stored; a record written before origins were kept reads as made by "unknown". */
    public static Origin readOrigin(Document d) {
        if (d == null) {
            return Origin.of("unknown", "unknown");
        }
        return new Origin(d.getString("kind"), Optional.ofNullable(d.getString("job")),
                Optional.ofNullable(d.getInteger("build_number")), Optional.ofNullable(d.getString("url")),
                d.getString("user"), d.getString("host"), Optional.ofNullable(d.getString("command")));
    }

    public static Document of(Origin origin) {
        Document d = new Document("kind", origin.kind()).append("user", origin.user()).append("host", origin.host());
        origin.job().ifPresent(v -> d.append("job", v));
        origin.buildNumber().ifPresent(v -> d.append("build_number", v));
        origin.url().ifPresent(v -> d.append("url", v));
        origin.command().ifPresent(v -> d.append("command", v));
        return d;
    }
}
