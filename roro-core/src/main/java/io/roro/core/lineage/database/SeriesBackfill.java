package io.roro.core.lineage.database;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;

/**
 * Numbers the records of a store written before {@link RecordSeries} existed, oldest first, once: a marker in the
 * counters says it was done, so every later open costs one lookup. Two processes doing it at once number a record
 * twice; the record keeps one set of numbers and the other entries are skipped by readers.
 */
public final class SeriesBackfill {
    public static final String MARKER = "schema:series";

    private final LineageDocuments docs;
    private final RecordSeries series;

    public SeriesBackfill(LineageDocuments docs, RecordSeries series) {
        this.docs = docs;
        this.series = series;
    }

    public void runOnce() {
        if (docs.byId(LineageDatabase.COUNTERS, MARKER).isPresent()) {
            return;
        }
        number(LineageDatabase.MODEL_VERSIONS, "created_at",
                d -> List.of(RecordSeries.versions(), RecordSeries.versions(d.getString("model"))));
        number(LineageDatabase.TRAININGS, "created_at", d -> List.of(RecordSeries.trainings(d.getString("project"))));
        number(LineageDatabase.BUILD_VERSIONS, "built_at", d -> List.of(RecordSeries.builds(d.getString("project"))));
        number(LineageDatabase.DATASETS, "created_at",
                d -> List.of(RecordSeries.datasets(), RecordSeries.datasets(d.getString("model"))));
        markDone(docs);
    }

    /** Says a store needs no backfill: a new store, or one a bulk loader numbered itself. */
    public static void markDone(LineageDocuments docs) {
        docs.collection(LineageDatabase.COUNTERS).updateOne(eq("_id", MARKER),
                Updates.set("at", new Date()), new UpdateOptions().upsert(true));
        docs.commit();
    }

    private void number(String collection, String dateField, Function<Document, List<String>> seriesOf) {
        List<Document> unnumbered = docs.collection(collection).find(eq(RecordSeries.FIELD, null))
                .sort(Sorts.ascending(dateField)).projection(new Document("_id", 1).append("model", 1)
                        .append("project", 1)).into(new ArrayList<>());
        for (Document d : unnumbered) {
            Document numbered = series.place(new Document("_id", d.getString("_id")), seriesOf.apply(d));
            docs.collection(collection).updateOne(eq("_id", d.getString("_id")),
                    Updates.set(RecordSeries.FIELD, numbered.get(RecordSeries.FIELD)));
        }
        docs.commit();
    }
}
