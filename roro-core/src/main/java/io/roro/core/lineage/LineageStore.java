package io.roro.core.lineage;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Records of projects, builds, models, datasets, trainings and model versions. Writes are ordered so that a process
 * killed at any point leaves nothing half-visible: links from parents are written first (a link to a record that
 * does not exist yet is ignored by readers), the record itself last. Nothing is ever deleted; records are archived.
 */
public final class LineageStore {
    private static final int MAX_VERSION_ATTEMPTS = 20;

    private final LineageDatabase db;

    public LineageStore(LineageDatabase db) {
        this.db = db;
    }

    public LineageDatabase database() {
        return db;
    }

    private MongoCollection<Document> c(String name) {
        return db.collection(name);
    }

    // -- projects and builds ------------------------------------------------------------------------------------

    public void upsertProject(String name, Optional<GitInfo> git, Origin origin) {
        Document set = new Document("name", name).append("schema", Docs.SCHEMA_VERSION)
                .append("updated_at", new Date());
        git.ifPresent(g -> set.append("git", g.toDocument()));
        c(LineageDatabase.PROJECTS).updateOne(eq("_id", name), Updates.combine(new Document("$set", set),
                Updates.setOnInsert("created_at", new Date()), Updates.setOnInsert("origin", origin.toDocument())),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        db.commit();
    }

    /** Records a build; a build with the same tag that already exists is returned instead (unchanged tree). */
    public BuildVersion recordBuild(BuildVersion build) {
        BuildVersion recorded = recordBuildIfNew(build);
        if (!recorded.imageId().equals(build.imageId())) {
            throw new LineageException("build " + build.id() + " already exists with image " + recorded.imageId()
                    + "; a tag names one image");
        }
        return recorded;
    }

    /**
     * Records a build unless one with its id exists, and returns what is recorded under the id (which may name
     * another image). The usual case, a new build, is one lookup and one insert.
     */
    public BuildVersion recordBuildIfNew(BuildVersion build) {
        if (insertIfAbsent(LineageDatabase.BUILD_VERSIONS, build.toDocument())) {
            db.commit();
            return build;
        }
        return buildVersion(build.id()).orElseThrow(() -> new LineageException("build " + build.id()
                + " was recorded and is gone again")); // builds are never deleted
    }

    public Optional<BuildVersion> buildVersion(String id) {
        return byId(LineageDatabase.BUILD_VERSIONS, id).map(BuildVersion::from);
    }

    /** The newest build of a project (by build time). */
    public Optional<BuildVersion> latestBuild(String project) {
        return Optional.ofNullable(c(LineageDatabase.BUILD_VERSIONS).find(eq("project", project))
                .sort(Sorts.descending("built_at")).first()).map(BuildVersion::from);
    }

    // -- models and datasets ------------------------------------------------------------------------------------

    /** Registers or updates a model's template (description, file rules); versions keep what they were checked by. */
    public ModelRecord upsertModel(ModelRecord model) {
        Document d = model.toDocument();
        d.remove("_id");
        d.remove("created_at");
        d.remove("origin");
        c(LineageDatabase.MODELS).updateOne(eq("_id", model.name()), Updates.combine(new Document("$set", d),
                Updates.setOnInsert("created_at", Date.from(model.createdAt())),
                Updates.setOnInsert("origin", model.origin().toDocument())),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        db.commit();
        return model(model.name()).orElseThrow();
    }

    public Optional<ModelRecord> model(String name) {
        return byId(LineageDatabase.MODELS, name).map(ModelRecord::from);
    }

    public List<ModelRecord> models() {
        return c(LineageDatabase.MODELS).find().sort(Sorts.ascending("_id")).map(ModelRecord::from)
                .into(new ArrayList<>());
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
        if (!insertIfAbsent(LineageDatabase.DATASETS, dataset.toDocument())) {
            return recordDataset(dataset);
        }
        db.commit();
        return dataset;
    }

    private static boolean sameFiles(List<StoredFile> a, List<StoredFile> b) {
        return a.stream().map(f -> f.name() + "=" + f.sha256()).sorted().toList()
                .equals(b.stream().map(f -> f.name() + "=" + f.sha256()).sorted().toList());
    }

    public Optional<Dataset> dataset(String id) {
        return byId(LineageDatabase.DATASETS, id).map(Dataset::from);
    }

    public List<Dataset> datasets(Optional<String> model) {
        Bson filter = model.<Bson>map(m -> eq("model", m)).orElse(new Document());
        return c(LineageDatabase.DATASETS).find(filter).sort(Sorts.ascending("_id")).map(Dataset::from)
                .into(new ArrayList<>());
    }

    public void archiveDataset(String id) {
        requireUpdated(c(LineageDatabase.DATASETS).updateOne(eq("_id", id), Updates.set("archived", true))
                .getMatchedCount(), "dataset", id);
        db.commit();
    }

    /** rorodata's "Deployed version N": the number of deploys of a project, allocated atomically. */
    public long nextDeployNumber(String project) {
        return db.next("deploys:" + project);
    }

    // -- trainings ----------------------------------------------------------------------------------------------

    /** A new training name for a task: {@code retrain-1}, {@code retrain-2}, ... allocated atomically. */
    public String allocateTrainingName(String project, String task) {
        return task + "-" + db.next("trainings:" + project + ":" + task);
    }

    /** Records a training in state WAITING; links it from its build version first. */
    public TrainingRun createTraining(TrainingRun training) {
        if (training.state() != TrainingState.WAITING) {
            throw new IllegalArgumentException("a training starts WAITING, not " + training.state());
        }
        training.buildVersion().ifPresent(b -> addLink(LineageDatabase.BUILD_VERSIONS, b, "trainings", training.id()));
        if (!insertIfAbsent(LineageDatabase.TRAININGS, training.toDocument())) {
            throw new LineageException("training " + training.id() + " already exists");
        }
        db.commit();
        return training;
    }

    public Optional<TrainingRun> training(String id) {
        return byId(LineageDatabase.TRAININGS, id).map(TrainingRun::from);
    }

    public List<TrainingRun> trainings(String project) {
        return c(LineageDatabase.TRAININGS).find(eq("project", project)).sort(Sorts.descending("created_at"))
                .map(TrainingRun::from).into(new ArrayList<>());
    }

    public TrainingRun startTraining(String id) {
        return transition(id, List.of(TrainingState.WAITING), TrainingState.RUNNING,
                Updates.set("started_at", new Date()));
    }

    /** Progress (0..1) of a running training; ignored once it has ended. */
    public void reportProgress(String id, double progress, Map<String, Object> metrics) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("progress", Math.max(0, Math.min(1, progress))));
        updates.add(Updates.set("updated_at", new Date()));
        metrics.forEach((k, v) -> updates.add(Updates.set("metrics." + k, v)));
        db.atomically(() -> c(LineageDatabase.TRAININGS).updateOne(and(eq("_id", id),
                eq("state", TrainingState.RUNNING.name())), Updates.combine(updates)));
        db.commit();
    }

    public TrainingRun finishTraining(String id, Map<String, Object> metrics) {
        List<Bson> extra = new ArrayList<>();
        extra.add(Updates.set("progress", 1.0));
        extra.add(Updates.set("finished_at", new Date()));
        metrics.forEach((k, v) -> extra.add(Updates.set("metrics." + k, v)));
        return transition(id, List.of(TrainingState.RUNNING), TrainingState.FINISHED, Updates.combine(extra));
    }

    public TrainingRun failTraining(String id, String reason) {
        return transition(id, List.of(TrainingState.WAITING, TrainingState.RUNNING), TrainingState.FAILED,
                Updates.combine(Updates.set("reason", reason), Updates.set("finished_at", new Date())));
    }

    public TrainingRun cancelTraining(String id, String reason) {
        return transition(id, List.of(TrainingState.WAITING, TrainingState.RUNNING), TrainingState.CANCELLED,
                Updates.combine(Updates.set("reason", reason), Updates.set("finished_at", new Date())));
    }

    /** The stored log of a training (kept even when it failed: that is when it is needed most). */
    /** The log stored with a training when it ended; empty while it runs or when none could be stored. */
    public Optional<StoredFile> trainingLog(String id) {
        return byId(LineageDatabase.TRAININGS, id).map(d -> d.get("log", Document.class)).map(StoredFile::from);
    }

    public void attachTrainingLog(String id, StoredFile log) {
        c(LineageDatabase.TRAININGS).updateOne(eq("_id", id), Updates.set("log", log.toDocument()));
        db.commit();
    }

    private TrainingRun transition(String id, List<TrainingState> from, TrainingState to, Bson extra) {
        Document after = db.atomically(() -> c(LineageDatabase.TRAININGS).findOneAndUpdate(
                and(eq("_id", id), in("state", from.stream().map(Enum::name).toList())),
                Updates.combine(Updates.set("state", to.name()), Updates.set("updated_at", new Date()), extra),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
        if (after == null) {
            TrainingRun current = training(id).orElseThrow(() -> new LineageException("no training " + id));
            throw new LineageException("training " + id + " is " + current.state() + "; it cannot become " + to);
        }
        db.commit();
        return TrainingRun.from(after);
    }

    // -- model versions -----------------------------------------------------------------------------------------

    /** The next free version name of a model ({@code v1}, {@code v2}, ...), allocated atomically. */
    public String allocateVersion(String model) {
        for (int attempt = 0; attempt < MAX_VERSION_ATTEMPTS; attempt++) {
            String version = "v" + db.next("model_versions:" + model);
            if (byId(LineageDatabase.MODEL_VERSIONS, LineageIds.modelVersion(model, version)).isEmpty()) {
                return version;
            }
        }
        throw new LineageException("cannot allocate a version name for model " + model);
    }

    /**
     * Makes a model version visible. Parents are linked first; the version document is inserted last, so the
     * version either exists completely or not at all. A second publish of the same name fails.
     */
    public ModelVersion insertVersion(ModelVersion version) {
        String id = version.id();
        version.dataset().ifPresent(d -> addLink(LineageDatabase.DATASETS, d, "model_versions", id));
        version.training().ifPresent(t -> addLink(LineageDatabase.TRAININGS, t, "model_versions", id));
        version.buildVersion().ifPresent(b -> addLink(LineageDatabase.BUILD_VERSIONS, b, "model_versions", id));
        version.pretrained().ifPresent(p -> addLink(LineageDatabase.MODEL_VERSIONS, p, "derived", id));
        if (!insertIfAbsent(LineageDatabase.MODEL_VERSIONS, version.toDocument())) {
            throw new LineageException("model version " + id + " already exists; versions are immutable");
        }
        db.commit();
        return version;
    }

    public Optional<ModelVersion> modelVersion(String id) {
        return byId(LineageDatabase.MODEL_VERSIONS, id).map(ModelVersion::from);
    }

    /** Versions of a model, newest first; archived ones only when asked. {@code filter} is a MongoDB query. */
    public List<ModelVersion> versions(Optional<String> model, Document filter, boolean includeArchived, int limit) {
        List<Bson> parts = new ArrayList<>();
        model.ifPresent(m -> parts.add(eq("model", m)));
        if (!includeArchived) {
            parts.add(eq("state", VersionState.PUBLISHED.name()));
        }
        if (!filter.isEmpty()) {
            parts.add(filter);
        }
        Bson query = parts.isEmpty() ? new Document() : Filters.and(parts);
        return c(LineageDatabase.MODEL_VERSIONS).find(query).sort(Sorts.descending("created_at")).limit(limit)
                .map(ModelVersion::from).into(new ArrayList<>());
    }

    /** The newest published version of a model. */
    public Optional<ModelVersion> latestVersion(String model) {
        return versions(Optional.of(model), new Document(), false, 1).stream().findFirst();
    }

    /** Archives a version: hidden from lists, still resolvable by lineage. A version that is live cannot be. */
    public void archiveVersion(String id, List<String> liveOn) {
        if (!liveOn.isEmpty()) {
            throw new LineageException(id + " is live on " + String.join(", ", liveOn)
                    + "; deploy another version or stop the service first");
        }
        requireUpdated(c(LineageDatabase.MODEL_VERSIONS).updateOne(eq("_id", id),
                Updates.set("state", VersionState.ARCHIVED.name())).getMatchedCount(), "model version", id);
        db.commit();
    }

    // -- shared -------------------------------------------------------------------------------------------------

    Optional<Document> byId(String collection, String id) {
        return Optional.ofNullable(c(collection).find(eq("_id", id)).first());
    }


    /** Documents by id, in the order of {@code ids}, in one round trip; ids that do not resolve are skipped. */
    List<Document> byIds(String collection, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Document> found = new java.util.HashMap<>();
        c(collection).find(in("_id", ids)).forEach(d -> found.put(d.getString("_id"), d));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    void addLink(String collection, String parentId, String field, String childId) {
        c(collection).updateOne(eq("_id", parentId), Updates.addToSet(field, childId));
    }

    /** Inserts unless a document with the same key exists; never overwrites (that would drop its child links). */
    private boolean insertIfAbsent(String collection, Document document) {
        // the unique indexes refuse a second document with the key: one round trip, and under the process-wide
        // lock on the embedded server, which does not make inserts atomic between its connections
        return db.atomically(() -> {
            try {
                c(collection).insertOne(document);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        });
    }

    private static void requireUpdated(long matched, String what, String id) {
        if (matched == 0) {
            throw new LineageException("no " + what + " " + id);
        }
    }

    static Instant now() {
        return Instant.now();
    }
}
