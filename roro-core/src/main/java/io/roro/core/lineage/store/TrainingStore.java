package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.lineage.database.RecordSeries;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Trainings and their states (WAITING, RUNNING, FINISHED, FAILED, CANCELLED), moved by atomic transitions,
 * with progress, metrics and the log kept with them.
 */
public final class TrainingStore {
    private final LineageDocuments docs;
    private final LineageListener.Slot listener;
    private final RecordSeries series;

  public   TrainingStore(LineageDocuments docs, RecordSeries series, LineageListener.Slot listener) {
        this.listener = listener;
        this.docs = docs;
        this.series = series;
    }

    /** A new training name for a task: {@code retrain-1}, {@code retrain-2}, ... allocated atomically. */
    public String allocateTrainingName(String project, String task) {
        return task + "-" + docs.database().next("trainings:" + project + ":" + task);
    }

    /** Records a training in state WAITING; links it from its build version first. */
    public TrainingRun createTraining(TrainingRun training) {
        if (training.state() != TrainingState.WAITING) {
            throw new IllegalArgumentException("a training starts WAITING, not " + training.state());
        }
        training.buildVersion().ifPresent(b -> docs.addLink(LineageDatabase.BUILD_VERSIONS, b, "trainings", training.id()));
        Document record = series.place(TrainingDocuments.of(training), List.of(RecordSeries.trainings(training.project())));
        if (!docs.insertIfAbsent(LineageDatabase.TRAININGS, record)) {
            throw new LineageException("training " + training.id() + " already exists");
        }
        docs.commit();
        return training;
    }

    public Optional<TrainingRun> training(String id) {
        return docs.byId(LineageDatabase.TRAININGS, id).map(TrainingDocuments::training);
    }

    /** A project's trainings, newest first, after {@code after} (a training id, for the next page) when given. */
    public List<TrainingRun> trainings(String project, Optional<String> after, int limit) {
        return trainings(project, Optional.empty(), after, limit);
    }

    /** As above, only those in {@code state} when given (read page by page, as every list). */
    public List<TrainingRun> trainings(String project, Optional<TrainingState> state, Optional<String> after,
            int limit) {
        String of = RecordSeries.trainings(project);
        OptionalLong below = after.map(a -> series.below(of, LineageDatabase.TRAININGS, a))
                .orElse(OptionalLong.empty());
        return series.newestFirst(of, LineageDatabase.TRAININGS, new Document(), d -> state.isEmpty()
                || state.get().name().equals(d.getString("state")), below, limit).stream()
                .map(TrainingDocuments::training).toList();
    }

    /** {@link #trainings} by state, reading at most {@code maxScanned} of the series; where the next read resumes. */
    public SeriesPage<TrainingRun> trainings(String project, Optional<TrainingState> state, Optional<String> after,
            OptionalLong below, int limit, long maxScanned) {
        String of = RecordSeries.trainings(project);
        OptionalLong from = after.map(a -> series.below(of, LineageDatabase.TRAININGS, a)).orElse(below);
        RecordSeries.Scan scan = series.newestFirst(of, LineageDatabase.TRAININGS, new Document(), d -> state.isEmpty()
                || state.get().name().equals(d.getString("state")), from, limit, maxScanned);
        return new SeriesPage<>(scan.records().stream().map(TrainingDocuments::training).toList(), scan.resumeBelow());
    }

    public TrainingRun startTraining(String id) {
        TrainingRun started = transition(id, List.of(TrainingState.WAITING), TrainingState.RUNNING,
                Updates.set("started_at", new Date()));
        listener.tell(l -> l.trainingStarted(started));
        return started;
    }

    /** Progress (0..1) of a running training; ignored once it has ended. */
    public void reportProgress(String id, double progress, Map<String, Object> metrics) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("progress", Math.max(0, Math.min(1, progress))));
        updates.add(Updates.set("updated_at", new Date()));
        metrics.forEach((k, v) -> updates.add(Updates.set("metrics." + k, v)));
        docs.database().atomically(() -> docs.collection(LineageDatabase.TRAININGS).updateOne(and(eq("_id", id),
                eq("state", TrainingState.RUNNING.name())), Updates.combine(updates)));
        docs.commit();
    }

    public TrainingRun finishTraining(String id, Map<String, Object> metrics) {
        List<Bson> extra = new ArrayList<>();
        extra.add(Updates.set("progress", 1.0));
        extra.add(Updates.set("finished_at", new Date()));
        metrics.forEach((k, v) -> extra.add(Updates.set("metrics." + k, v)));
        return ended(transition(id, List.of(TrainingState.RUNNING), TrainingState.FINISHED, Updates.combine(extra)));
    }

    public TrainingRun failTraining(String id, String reason) {
        return ended(transition(id, List.of(TrainingState.WAITING, TrainingState.RUNNING), TrainingState.FAILED,
                Updates.combine(Updates.set("reason", reason), Updates.set("finished_at", new Date()))));
    }

    public TrainingRun cancelTraining(String id, String reason) {
        return ended(transition(id, List.of(TrainingState.WAITING, TrainingState.RUNNING), TrainingState.CANCELLED,
                Updates.combine(Updates.set("reason", reason), Updates.set("finished_at", new Date()))));
    }

    private TrainingRun ended(TrainingRun training) {
        listener.tell(l -> l.trainingEnded(training));
        return training;
    }

    /**
     * Records that a training without a dataset read {@code datasetId} (data it fetched itself and published as a
     * dataset version when it ended). A training that has a dataset keeps it.
     */
    public TrainingRun recordDatasetRead(String id, String datasetId) {
        docs.collection(LineageDatabase.TRAININGS).updateOne(and(eq("_id", id), eq("dataset", null)),
                Updates.set("dataset", datasetId));
        docs.commit();
        return training(id).orElseThrow(() -> new LineageException("no training " + id));
    }

    /** The log stored with a training when it ended; empty while it runs or when none could be stored. */
    public Optional<StoredFile> trainingLog(String id) {
        return docs.byId(LineageDatabase.TRAININGS, id).map(d -> d.get("log", Document.class)).map(ModelDocuments::file);
    }

    public void attachTrainingLog(String id, StoredFile log) {
        docs.collection(LineageDatabase.TRAININGS).updateOne(eq("_id", id), Updates.set("log", ModelDocuments.of(log)));
        docs.commit();
    }

    private TrainingRun transition(String id, List<TrainingState> from, TrainingState to, Bson extra) {
        Document after = docs.database().atomically(() -> docs.collection(LineageDatabase.TRAININGS).findOneAndUpdate(
                and(eq("_id", id), in("state", from.stream().map(Enum::name).toList())),
                Updates.combine(Updates.set("state", to.name()), Updates.set("updated_at", new Date()), extra),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        if (after == null) {
            TrainingRun current = training(id).orElseThrow(() -> new LineageException("no training " + id));
            throw new LineageException("training " + id + " is " + current.state() + "; it cannot become " + to);
        }
        docs.commit();
        return TrainingDocuments.training(after);
    }
}
