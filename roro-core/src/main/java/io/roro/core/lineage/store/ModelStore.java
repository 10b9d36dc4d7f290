package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.database.RecordSeries;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.contract.VersionState;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Models and their versions. A version is inserted last, after its parents link to it, so it exists
 * completely or not at all; versions are immutable and archived, never deleted.
 */
public final class ModelStore {
    private static final int MAX_VERSION_ATTEMPTS = 20;

    private final LineageDocuments docs;
    private final LineageListener.Slot listener;
    private final RecordSeries series;

  public   ModelStore(LineageDocuments docs, RecordSeries series, LineageListener.Slot listener) {
        this.listener = listener;
        this.docs = docs;
        this.series = series;
    }

    /** Registers or updates a model's template (description, file rules); versions keep what they were checked by. */
    public ModelRecord upsertModel(ModelRecord model) {
        Document d = ModelDocuments.of(model);
        d.remove("_id");
        d.remove("created_at");
        d.remove("origin");
        // a model belongs to the project that declared it first: another project's roro.yml naming it would
        // otherwise take its version series over (and serve, compare and roll back across both)
        // (eq null matches a model recorded without a project too: it is claimed)
        Bson ours = model.project().map(p -> Filters.or(eq("project", null), eq("project", p)))
                .orElse(new Document());
        try {
            docs.collection(LineageDatabase.MODELS).updateOne(Filters.and(eq("_id", model.name()), ours),
                    Updates.combine(new Document("$set", d),
                            Updates.setOnInsert("created_at", Date.from(model.createdAt())),
                            Updates.setOnInsert("origin", Docs.of(model.origin()))),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            String owner = model(model.name()).flatMap(ModelRecord::project).orElse("another project");
            throw new LineageException("model " + model.name() + " belongs to project " + owner + "; project "
                    + model.project().orElse("?") + " declares a model of that name too: model names are one"
                    + " namespace in a lineage store, so give this one another name in its roro.yml (e.g. "
                    + model.project().orElse("project") + "-" + model.name() + ")", e);
        }
        docs.commit();
        return model(model.name()).orElseThrow();
    }

    public Optional<ModelRecord> model(String name) {
        return docs.byId(LineageDatabase.MODELS, name).map(ModelDocuments::model);
    }

    public List<ModelRecord> models() {
        return docs.collection(LineageDatabase.MODELS).find().sort(Sorts.ascending("_id")).map(ModelDocuments::model)
                .into(new ArrayList<>());
    }

    /** The next free version name of a model ({@code v1}, {@code v2}, ...), allocated atomically. */
    public String allocateVersion(String model) {
        for (int attempt = 0; attempt < MAX_VERSION_ATTEMPTS; attempt++) {
            String version = "v" + docs.database().next("model_versions:" + model);
            if (docs.byId(LineageDatabase.MODEL_VERSIONS, LineageIds.modelVersion(model, version)).isEmpty()) {
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
        version.dataset().ifPresent(d -> docs.addLink(LineageDatabase.DATASETS, d, "model_versions", id));
        version.training().ifPresent(t -> docs.addLink(LineageDatabase.TRAININGS, t, "model_versions", id));
        version.buildVersion().ifPresent(b -> docs.addLink(LineageDatabase.BUILD_VERSIONS, b, "model_versions", id));
        version.pretrained().ifPresent(p -> docs.addLink(LineageDatabase.MODEL_VERSIONS, p, "derived", id));
        Document record = series.place(ModelDocuments.of(version),
                List.of(RecordSeries.versions(), RecordSeries.versions(version.model())));
        if (!docs.insertIfAbsent(LineageDatabase.MODEL_VERSIONS, record)) {
            throw new LineageException("model version " + id + " already exists; versions are immutable");
        }
        docs.commit();
        listener.tell(l -> l.versionPublished(version));
        return version;
    }

    public Optional<ModelVersion> modelVersion(String id) {
        return docs.byId(LineageDatabase.MODEL_VERSIONS, id).map(ModelDocuments::modelVersion);
    }

    /**
     * Versions of a model (of all models when empty), newest first, after {@code after} (a version id, for the next
     * page) when given; archived ones only when asked. {@code filter} is a MongoDB query. Read by key, page by page
     * (see {@link RecordSeries}): a first page costs the same at 100 versions and at 100,000.
     */
    public List<ModelVersion> versions(Optional<String> model, Document filter, boolean includeArchived,
            Optional<String> after, int limit) {
        String of = model.map(RecordSeries::versions).orElse(RecordSeries.versions());
        Predicate<Document> shown = includeArchived ? d -> true
                : d -> VersionState.PUBLISHED.name().equals(d.getString("state"));
        OptionalLong below = after.map(a -> series.below(of, LineageDatabase.MODEL_VERSIONS, a))
                .orElse(OptionalLong.empty());
        return series.newestFirst(of, LineageDatabase.MODEL_VERSIONS, filter, shown, below, limit).stream()
                .map(ModelDocuments::modelVersion).toList();
    }

    /**
     * {@link #versions}, reading at most {@code maxScanned} of the series from {@code below} (or after
     * {@code after}): what a search page shows within a page's time, and where the next read resumes.
     */
    public SeriesPage<ModelVersion> search(Optional<String> model, Document filter, boolean includeArchived,
            Optional<String> after, OptionalLong below, int limit, long maxScanned) {
        String of = model.map(RecordSeries::versions).orElse(RecordSeries.versions());
        Predicate<Document> shown = includeArchived ? d -> true
                : d -> VersionState.PUBLISHED.name().equals(d.getString("state"));
        OptionalLong from = after.map(a -> series.below(of, LineageDatabase.MODEL_VERSIONS, a)).orElse(below);
        RecordSeries.Scan scan = series.newestFirst(of, LineageDatabase.MODEL_VERSIONS, filter, shown, from, limit,
                maxScanned);
        return new SeriesPage<>(scan.records().stream().map(ModelDocuments::modelVersion).toList(), scan.resumeBelow());
    }

    /** The newest published version of a model. */
    public Optional<ModelVersion> latestVersion(String model) {
        return versions(Optional.of(model), new Document(), false, Optional.empty(), 1).stream().findFirst();
    }

    /** Archives a version: hidden from lists, still resolvable by lineage. A version that is live cannot be. */
    public void archiveVersion(String id, List<String> liveOn) {
        refuseLive(id, liveOn);
        LineageDocuments.requireUpdated(modelVersion(id).isPresent() ? 1 : 0, "model version", id);
        // a purged version stays purged: its files are gone whatever it is called
        docs.collection(LineageDatabase.MODEL_VERSIONS).updateOne(Filters.and(eq("_id", id),
                eq("state", VersionState.PUBLISHED.name())), Updates.set("state",
                        VersionState.ARCHIVED.name()));
        docs.commit();
    }

    /**
     * Marks a version PURGED (archived, its files about to be deleted from the store), with who did it and when;
     * returns it with the files to delete. Recorded before the files go, so a purge killed halfway is finished by
     * the next one and never leaves a published version without its files.
     */
    public ModelVersion purgeVersion(String id, List<String> liveOn, Origin by) {
        refuseLive(id, liveOn);
        LineageDocuments.requireUpdated(docs.collection(LineageDatabase.MODEL_VERSIONS).updateOne(eq("_id", id),
                Updates.combine(Updates.set("state", VersionState.PURGED.name()), Updates.set("purged",
                        new Document("at", new Date()).append("by", by.user())))).getMatchedCount(),
                "model version", id);
        docs.commit();
        return modelVersion(id).orElseThrow();
    }

    /**
     * A version whose files are to be read (served, fetched, fine-tuned from, opened in a notebook): refused,
     * saying why, when there is none or its files were purged.
     */
    public ModelVersion withFiles(String id) {
        ModelVersion version = modelVersion(id).orElseThrow(() -> new LineageException("no model version " + id
                + " (roro versions lists them)"));
        if (version.state() == VersionState.PURGED) {
            throw new LineageException(purgedMessage(version));
        }
        return version;
    }

    /**
     * What a user is told who asks for a purged version's files: when and by whom they were deleted, and that
     * the record is all there is.
     */
    public String purgedMessage(ModelVersion version) {
        Optional<Document> purge = docs.byId(LineageDatabase.MODEL_VERSIONS, version.id())
                .map(d -> d.get("purged", Document.class));
        return "the files of " + version.id() + " were deleted" + purge.map(p -> " on " + p.getDate("at")
                .toInstant() + " by " + p.getString("by")).orElse("") + " (roro versions rm --purge); its record"
                + " remains, its files do not: pick another version";
    }

    private static void refuseLive(String id, List<String> liveOn) {
        if (!liveOn.isEmpty()) {
            throw new LineageException(id + " is live on " + String.join(", ", liveOn)
                    + "; deploy another version or stop the service first");
        }
    }
}
