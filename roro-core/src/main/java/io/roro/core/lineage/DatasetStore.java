package io.roro.core.lineage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Datasets: immutable, recorded once with their files; new data gets a new name.
 */
public final class DatasetStore {
    private final LineageDocuments docs;
    private final RecordSeries series;

    DatasetStore(LineageDocuments docs, RecordSeries series) {
        this.docs = docs;
        this.series = series;
    }

    /**
     * Records a dataset. Publishing the same name again with the same files is a no-op; with different files it is
     * refused, because versions trained on the old data must keep pointing at the old data.
     */
    public Dataset recordDataset(Dataset dataset) {
        Optional<Dataset> existing = dataset(dataset.id());
        if (existing.isPresent()) {
            if (!sameFiles(existing.get().files(), dataset.files())) {
                throw new LineageException("dataset " + dataset.id() + " already exists with other files; datasets"
                        + " are immutable, publish the new data under a new name (e.g. "
                        + dataset.name() + "-2)");
            }
            return existing.get();
        }
        Document record = series.place(dataset.toDocument(),
                List.of(RecordSeries.datasets(), RecordSeries.datasets(dataset.model())));
        if (!docs.insertIfAbsent(LineageDatabase.DATASETS, record)) {
            return recordDataset(dataset);
        }
        docs.commit();
        return dataset;
    }

    private static boolean sameFiles(List<StoredFile> a, List<StoredFile> b) {
        return a.stream().map(f -> f.name() + "=" + f.sha256()).sorted().toList()
                .equals(b.stream().map(f -> f.name() + "=" + f.sha256()).sorted().toList());
    }

    public Optional<Dataset> dataset(String id) {
        return docs.byId(LineageDatabase.DATASETS, id).map(Dataset::from);
    }

    /** Datasets of a model (of all models when empty), newest first, after {@code after} (a dataset id) when given. */
    public List<Dataset> datasets(Optional<String> model, Optional<String> after, int limit) {
        String of = model.map(RecordSeries::datasets).orElse(RecordSeries.datasets());
        java.util.OptionalLong below = after.map(a -> series.below(of, LineageDatabase.DATASETS, a))
                .orElse(java.util.OptionalLong.empty());
        return series.newestFirst(of, LineageDatabase.DATASETS, new Document(), below, limit).stream()
                .map(Dataset::from).toList();
    }

    public void archiveDataset(String id) {
        LineageDocuments.requireUpdated(docs.collection(LineageDatabase.DATASETS).updateOne(eq("_id", id), Updates.set("archived", true))
                .getMatchedCount(), "dataset", id);
        docs.commit();
    }
}
