package io.roro.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, published version of a model: its files (with hashes and where they are stored), and what it came
 * from. {@code snapshot} embeds the essentials of its training, dataset and build (as Noronha does), so the version
 * document alone answers "where did this come from" even if a parent is later archived.
 *
 * @param training     training id ({@code project:name})
 * @param dataset      dataset id ({@code model:name})
 * @param buildVersion build version id ({@code project:tag})
 * @param pretrained   model version id this one was fine-tuned from
 */
public record ModelVersion(String model, String version, Optional<String> training, Optional<String> dataset,
        Optional<String> buildVersion, Optional<String> pretrained, List<StoredFile> files,
        Map<String, Object> metrics, Map<String, Object> details, Map<String, Object> snapshot, VersionState state,
        Instant createdAt, Origin origin) {

    public ModelVersion {
        createdAt = RecordValues.millis(createdAt);
        files = List.copyOf(files);
        metrics = RecordValues.copy(metrics);
        details = RecordValues.copy(details);
        snapshot = RecordValues.copy(snapshot);
    }

    public String id() {
        return LineageIds.modelVersion(model, version);
    }

    /** The bytes of all its files. */
    public long bytes() {
        return files.stream().mapToLong(StoredFile::size).sum();
    }

    public Optional<StoredFile> file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
