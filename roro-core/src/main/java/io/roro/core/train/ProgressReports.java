package io.roro.core.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.secrets.SecretMask;
import io.roro.core.lineage.store.TrainingStore;
import io.roro.core.contract.TrainingRun;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a training's output for the lines the runtime toolkit prints ({@code roro:progress 0.4},
 * {@code roro:metrics {"auc": 0.9}}), records them as the training's progress and gathers the metrics.
 */
final class ProgressReports implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRESS = "roro:progress ";
    private static final String METRICS = "roro:metrics ";

    private final TrainingStore store;
    private final String trainingId;
    private final SecretMask mask;
    private final Map<String, Object> metrics = new LinkedHashMap<>();

    /** @param mask the project's config var values: a metric is recorded and shown everywhere, so it is masked */
    ProgressReports(TrainingStore store, String trainingId, SecretMask mask) {
        this.store = store;
        this.trainingId = trainingId;
        this.mask = mask;
    }

    @Override
    public void accept(String line) {
        try {
            if (line.startsWith(PROGRESS)) {
                store.reportProgress(trainingId, Double.parseDouble(line.substring(PROGRESS.length()).trim()),
                        Map.of());
            } else if (line.startsWith(METRICS)) {
                Map<String, Object> values = mask.apply(JSON.readValue(line.substring(METRICS.length()),
                        new TypeReference<LinkedHashMap<String, Object>>() { }));
                metrics.putAll(values);
                store.reportProgress(trainingId, store.training(trainingId).map(TrainingRun::progress).orElse(0.0),
                        values);
            }
        } catch (IOException | NumberFormatException expected) {
            // a malformed report line is just output
        }
    }

    /** The metrics reported so far. */
    Map<String, Object> metrics() {
        return metrics;
    }
}
