package io.roro.core.lineage;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;

/**
 * What a team says about a model version, beside its immutable content: tags ({@code reviewed=yes}) and a
 * description, changed at will (MLflow's version tags and description), with who changed them last and when.
 */
public record VersionNotes(String version, Map<String, String> tags, Optional<String> description,
        Optional<Instant> changedAt, Optional<Origin> changedBy) {

    public VersionNotes {
        tags = new TreeMap<>(tags);
        changedAt = Docs.millis(changedAt);
    }

    /** The tags as one line, {@code reviewed=yes, team=risk}; empty when there are none. */
    public Optional<String> tagsText() {
        return tags.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", tags.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    static VersionNotes none(String version) {
        return new VersionNotes(version, Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static VersionNotes from(Document d) {
        Map<String, String> tags = new TreeMap<>();
        Document stored = d.get("tags", Document.class);
        if (stored != null) {
            stored.forEach((k, v) -> tags.put(k, String.valueOf(v)));
        }
        return new VersionNotes(d.getString("_id"), tags, Optional.ofNullable(d.getString("description")),
                Optional.ofNullable(d.getDate("changed_at")).map(Date::toInstant),
                Optional.ofNullable(d.get("changed_by", Document.class)).map(Origin::from));
    }
}
