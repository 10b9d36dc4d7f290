package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.database.RecordSeries;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Gives the datasets of a store written before datasets had versions their version: each becomes {@code v1} of
 * its name ({@code MODEL:NAME} is now {@code MODEL:NAME:v1}), and the trainings and model versions that read it
 * name the new id. Once: a marker in the counters says it was done. Each step can be run again, so a process
 * killed half-way leaves a store the next open finishes.
 */
public final class DatasetVersionsBackfill {
    public static final String MARKER = "schema:dataset-versions";

    private final LineageDocuments docs;
    private final RecordSeries series;

    public DatasetVersionsBackfill(LineageDocuments docs, RecordSeries series) {
        this.docs = docs;
        this.series = series;
    }

    public void runOnce() {
        if (docs.byId(LineageDatabase.COUNTERS, MARKER).isPresent()) {
            return;
        }
        List<Document> unversioned = docs.collection(LineageDatabase.DATASETS).find(eq("version", null))
                .sort(new Document("created_at", 1)).into(new ArrayList<>());
        for (Document old : unversioned) {
            String oldId = old.getString("_id");
            String key = LineageIds.dataset(old.getString("model"), old.getString("name"));
            String newId = LineageIds.datasetVersion(old.getString("model"), old.getString("name"), "v1");
            Document versioned = new Document(old).append("_id", newId).append("version", "v1");
            versioned.remove(RecordSeries.FIELD);
            docs.insertIfAbsent(LineageDatabase.DATASETS, series.place(versioned, List.of(RecordSeries.datasets(),
                    RecordSeries.datasets(old.getString("model")), DatasetStore.versionSeries(key))));
            docs.collection(LineageDatabase.COUNTERS).updateOne(eq("_id", DatasetStore.versionCounter(key)),
                    Updates.max("seq", 1L), new UpdateOptions().upsert(true));
            docs.collection(LineageDatabase.TRAININGS).updateMany(eq("dataset", oldId), Updates.set("dataset", newId));
            docs.collection(LineageDatabase.MODEL_VERSIONS).updateMany(eq("dataset", oldId),
                    Updates.set("dataset", newId));
            docs.collection(LineageDatabase.DATASETS).deleteOne(eq("_id", oldId));
        }
        docs.collection(LineageDatabase.COUNTERS).updateOne(eq("_id", MARKER),
                Updates.set("at", new Date()), new UpdateOptions().upsert(true));
        docs.commit();
    }
}
