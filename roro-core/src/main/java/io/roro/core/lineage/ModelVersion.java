package io.roro.core.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

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
        createdAt = Docs.millis(createdAt);
        files = List.copyOf(files);
        metrics = Docs.copy(metrics);
        details = Docs.copy(details);
        snapshot = Docs.copy(snapshot);
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

    public Document toDocument() {
        Document d = Docs.base(id(), createdAt, origin).append("model", model).append("version", version)
                .append("files", files.stream().map(StoredFile::toDocument).toList())
                .append("metrics", Docs.document(metrics)).append("details", Docs.document(details))
                .append("snapshot", Docs.document(snapshot)).append("state", state.name());
        Docs.put(d, "training", training);
        Docs.put(d, "dataset", dataset);
        Docs.put(d, "build_version", buildVersion);
        Docs.put(d, "pretrained", pretrained);
        return d;
    }

    public static ModelVersion from(Document d) {
        return new ModelVersion(d.getString("model"), d.getString("version"), Docs.string(d, "training"),
                Docs.string(d, "dataset"), Docs.string(d, "build_version"), Docs.string(d, "pretrained"),
                Docs.documents(d, "files").stream().map(StoredFile::from).toList(), Docs.map(d, "metrics"),
                Docs.map(d, "details"), Docs.map(d, "snapshot"), VersionState.valueOf(d.getString("state")),
                Docs.instant(d, "created_at"), Docs.origin(d));
    }
}
