package io.roro.core.publish;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.Origin;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What to publish as a model version: the files in {@code directory} and what they came from.
 *
 * @param version    a name to use (e.g. {@code v7}, {@code champion-2026-11}); allocated ({@code vN}) when empty
 * @param training   training id {@code project:name}
 * @param dataset    dataset id {@code model:name}, or a plain name taken to belong to {@code model}
 * @param pretrained model version id {@code model:version} this one was fine-tuned from
 */
public record PublishRequest(String model, Path directory, Optional<String> version, Optional<String> training,
        Optional<String> dataset, Optional<String> pretrained, Map<String, Object> metrics,
        Map<String, Object> details, Origin origin, ArtifactStore.Progress progress) {

    public static PublishRequest of(String model, Path directory, Origin origin) {
        return new PublishRequest(model, directory, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Map.of(), origin, ArtifactStore.Progress.NONE);
    }

    public PublishRequest withTraining(String trainingId) {
        return new PublishRequest(model, directory, version, Optional.of(trainingId), dataset, pretrained, metrics,
                details, origin, progress);
    }

    public PublishRequest withDataset(String datasetId) {
        return new PublishRequest(model, directory, version, training, Optional.of(datasetId), pretrained, metrics,
                details, origin, progress);
    }

    public PublishRequest withVersion(String name) {
        return new PublishRequest(model, directory, Optional.of(name), training, dataset, pretrained, metrics,
                details, origin, progress);
    }

    public PublishRequest withPretrained(String modelVersionId) {
        return new PublishRequest(model, directory, version, training, dataset, Optional.of(modelVersionId), metrics,
                details, origin, progress);
    }

    public PublishRequest withMetrics(Map<String, Object> values) {
        return new PublishRequest(model, directory, version, training, dataset, pretrained, values, details, origin,
                progress);
    }

    public PublishRequest withDetails(Map<String, Object> values) {
        return new PublishRequest(model, directory, version, training, dataset, pretrained, metrics, values, origin,
                progress);
    }

    public PublishRequest withProgress(ArtifactStore.Progress listener) {
        return new PublishRequest(model, directory, version, training, dataset, pretrained, metrics, details, origin,
                listener);
    }
}
