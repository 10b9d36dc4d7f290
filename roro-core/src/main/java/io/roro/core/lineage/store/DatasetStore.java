package io.roro.core.lineage.store;

import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.database.RecordSeries;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * Datasets: each name of a model holds versions {@code v1}, {@code v2}, ... recorded once with their files; new
 * data under the same name is its next version, the same data again is no new version.
 */
public final class DatasetStore {
    private static final int MAX_ATTEMPTS = 16;
    private final LineageDocuments docs;
    private final RecordSeries series;

  public   DatasetStore(LineageDocuments docs, RecordSeries series) {
        this.docs = docs;
        this.series = series;
    }

    /** What a publish did: recorded a new version, or found the newest one already holds these files. */
    public record Published(Dataset dataset, boolean unchanged) {
    }

    /** The counter that numbers the versions of {@code MODEL:NAME}. */
    public static String versionCounter(String key) {
        return "dataset-versions:" + key;
    }

    /** The series that lists the versions of {@code MODEL:NAME}, newest first (also what bulk loaders write). */
    public static String versionSeries(String key) {
        return "datasets:" + key;
    }

    /**
     * Records {@code dataset}'s files as the next version of its name, unless the newest version has the same files
     * (then that one is the answer). Its {@code version} is ignored: the store numbers versions.
     */
    public Published publish(Dataset dataset) {
        String key = LineageIds.dataset(dataset.model(), dataset.name());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Dataset> newest = newest(dataset.model(), dataset.name(), true);
            if (newest.isPresent() && !newest.get().archived() && newest.get().sameFiles(dataset.files())) {
                return new Published(newest.get(), true);
            }
            Dataset numbered = dataset.asVersion("v" + docs.database().next(versionCounter(key)));
            Document record = series.place(DatasetDocuments.of(numbered), List.of(RecordSeries.datasets(),
                    RecordSeries.datasets(dataset.model()), versionSeries(key)));
            if (docs.insertIfAbsent(LineageDatabase.DATASETS, record)) {
                docs.commit();
                return new Published(numbered, false);
            }
            // the number was taken by a record written before the counter existed for it: take the next
        }
        throw new LineageException("cannot number a version of dataset " + key);
    }

    /** The newest version of {@code MODEL:NAME}, archived ones too when {@code archivedToo}. */
    public Optional<Dataset> newest(String model, String name, boolean archivedToo) {
        return series.newestFirst(versionSeries(LineageIds.dataset(model, name)), LineageDatabase.DATASETS,
                new Document(), d -> archivedToo || !d.getBoolean("archived", false), OptionalLong.empty(), 1)
                .stream().map(DatasetDocuments::dataset).findFirst();
    }

    /** The version {@code ref} names (its model given), or the newest one not archived when it names none. */
    public Optional<Dataset> resolve(DatasetRef ref) {
        String model = ref.model().orElseThrow(() -> new LineageException("dataset " + ref + " names no model"));
        return ref.version().isPresent()
                ? dataset(LineageIds.datasetVersion(model, ref.name(), ref.version().get()))
                : newest(model, ref.name(), false);
    }

    public Optional<Dataset> dataset(String id) {
        return docs.byId(LineageDatabase.DATASETS, id).map(DatasetDocuments::dataset);
    }

    /** Datasets of a model (of all models when empty), newest first, after {@code after} (a dataset id) when given. */
    public List<Dataset> datasets(Optional<String> model, Optional<String> after, int limit) {
        String of = model.map(RecordSeries::datasets).orElse(RecordSeries.datasets());
        OptionalLong below = after.map(a -> series.below(of, LineageDatabase.DATASETS, a))
                .orElse(OptionalLong.empty());
        return series.newestFirst(of, LineageDatabase.DATASETS, new Document(), below, limit).stream()
                .map(DatasetDocuments::dataset).toList();
    }

    public void archiveDataset(String id) {
        LineageDocuments.requireUpdated(docs.collection(LineageDatabase.DATASETS).updateOne(eq("_id", id), Updates.set("archived", true))
                .getMatchedCount(), "dataset", id);
        docs.commit();
    }
}
