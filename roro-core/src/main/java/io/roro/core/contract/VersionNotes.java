package io.roro.core.contract;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a team says about a model version, beside its immutable content: tags ({@code reviewed=yes}) and a
 * description, changed at will (MLflow's version tags and description), with who changed them last and when.
 */
public record VersionNotes(String version, Map<String, String> tags, Optional<String> description,
        Optional<Instant> changedAt, Optional<Origin> changedBy) {

    public VersionNotes {
        tags = new TreeMap<>(tags);
        changedAt = RecordValues.millis(changedAt);
    }

    /** The tags as one line, {@code reviewed=yes, team=risk}; empty when there are none. */
    public Optional<String> tagsText() {
        return tags.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", tags.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    public static VersionNotes none(String version) {
        return new VersionNotes(version, Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
