package io.roro.core.lineage;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.lineage.store.AliasStore;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.store.DatasetVersionsBackfill;
import io.roro.core.lineage.store.DeploymentLog;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.store.LineageListener;
import io.roro.core.lineage.store.ModelStore;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.store.ProjectStore;
import io.roro.core.lineage.store.QuarantineStore;
import io.roro.core.lineage.database.RecordSeries;
import io.roro.core.lineage.database.SeriesBackfill;
import io.roro.core.contract.StoredFile;
import io.roro.core.lineage.store.TrainingStore;
import io.roro.core.lineage.store.VersionNotesStore;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.artifacts.GridFsArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Everything lineage, opened once: the store, deployments, queries and the artifacts they reference. */
public final class Lineage implements AutoCloseable {
    private final LineageDatabase database;
    private final ProjectStore projects;
    private final ModelStore models;
    private final DatasetStore datasets;
    private final TrainingStore trainings;
    private final DeploymentLog deployments;
    private final LineageQueries queries;
    private final QuarantineStore quarantines;
    private final AliasStore aliases;
    private final VersionNotesStore notes;
    private final ArtifactStore artifacts;
    private final LineageListener.Slot listener = new LineageListener.Slot();

    public Lineage(LineageDatabase database) {
        this.database = database;
        LineageDocuments docs = new LineageDocuments(database);
        RecordSeries series = new RecordSeries(docs);
        new SeriesBackfill(docs, series).runOnce();
        new DatasetVersionsBackfill(docs, series).runOnce();
        this.projects = new ProjectStore(docs, series);
        this.models = new ModelStore(docs, series, listener);
        this.datasets = new DatasetStore(docs, series);
        this.trainings = new TrainingStore(docs, series, listener);
        this.deployments = new DeploymentLog(docs, models, listener);
        this.queries = new LineageQueries(docs, this);
        this.quarantines = new QuarantineStore(docs, models, listener);
        this.aliases = new AliasStore(docs, models);
        this.notes = new VersionNotesStore(docs, models);
        this.artifacts = new GridFsArtifactStore(database.mongo(), database::commit, database.embeddedFile());
    }

    public static Lineage open(LineageConfig config) {
        return new Lineage(LineageDatabase.open(config));
    }

    /** Lineage for a short command: the embedded store through the user's shared server (see SharedStore). */
    public static Lineage openShared(LineageConfig config) {
        return new Lineage(LineageDatabase.openShared(config));
    }

    /** Tells {@code next} of every training, version and deployment recorded through this lineage from now on. */
    public void listen(LineageListener next) {
        listener.set(next);
    }

    public LineageDatabase database() {
        return database;
    }

    /** Projects, their builds and deploy numbers. */
    public ProjectStore projects() {
        return projects;
    }

    /** Models and their versions. */
    public ModelStore models() {
        return models;
    }

    public DatasetStore datasets() {
        return datasets;
    }

    public TrainingStore trainings() {
        return trainings;
    }

    public DeploymentLog deployments() {
        return deployments;
    }

    /** What is taken out of use after an incident, and what is derived from it. */
    public QuarantineStore quarantines() {
        return quarantines;
    }

    /** Names that move between a model's versions ("champion"). */
    public AliasStore aliases() {
        return aliases;
    }

    /** Tags and descriptions of versions: what a team says about them, changed at will. */
    public VersionNotesStore notes() {
        return notes;
    }

    public LineageQueries queries() {
        return queries;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /** Archives a model version, refused while a deployment serves it (what `roro versions rm` does). */
    public void archiveVersion(String modelVersionId) {
        models.archiveVersion(modelVersionId, deployments.liveOn(modelVersionId));
    }

    /**
     * Archives a version and deletes its files from the store, freeing their space (what `roro versions rm --purge`
     * does); its record stays, with each file's name, size and sha256. Refused while a deployment serves it or a
     * canary tries it. Returns the bytes freed. Running it again finishes a purge that was interrupted.
     */
    public long purgeVersion(String modelVersionId, Origin by) {
        ModelVersion version = models.purgeVersion(modelVersionId, deployments.liveOn(modelVersionId), by);
        for (StoredFile file : version.files()) {
            artifacts.delete(file.artifactId());
        }
        return version.bytes();
    }

    /** Downloads a model version's files into {@code directory}, each checked against its sha256. */
    public ModelVersion fetchVersion(String modelVersionId, Path directory) throws IOException {
        ModelVersion version = versionWithFiles(modelVersionId);
        artifacts.getAll(version.files().stream().map(ArtifactRef::of).toList(), directory);
        return version;
    }

    /** A model version with its files' names, sizes and hashes: what {@link #fetchVersion} would download. */
    public ModelVersion versionWithFiles(String modelVersionId) {
        LineageIds.split(modelVersionId, "model version");
        return models.withFiles(modelVersionId);
    }

    /**
     * Downloads a dataset version's files into {@code directory}, each checked against its sha256:
     * {@code MODEL:NAME:VERSION}, or {@code MODEL:NAME} for its newest version.
     */
    public Dataset fetchDataset(String reference, Path directory) throws IOException {
        Dataset dataset = dataset(reference);
        artifacts.getAll(dataset.files().stream().map(ArtifactRef::of).toList(), directory);
        return dataset;
    }

    /** The dataset version {@link #fetchDataset} would download: {@code MODEL:NAME:VERSION} or its newest. */
    public Dataset dataset(String reference) {
        DatasetRef ref = DatasetRef.parse(reference);
        if (ref.model().isEmpty()) {
            throw new IllegalArgumentException("'" + reference + "' names no model; write MODEL:NAME or"
                    + " MODEL:NAME:VERSION (e.g. credit-model:credit-data:v2)");
        }
        return datasets.resolve(ref).orElseThrow(() -> new LineageException("no dataset " + ref));
    }

    /**
     * Downloads the log a training stored when it ended into {@code target}, checked against its sha256; false when
     * it has none (still running, or it could not be stored).
     */
    public boolean fetchTrainingLog(String trainingId, Path target) throws IOException {
        LineageIds.split(trainingId, "training");
        trainings.training(trainingId).orElseThrow(() -> new LineageException("no training " + trainingId));
        Optional<StoredFile> log = trainings.trainingLog(trainingId);
        if (log.isEmpty()) {
            return false;
        }
        artifacts.get(ArtifactRef.of(log.get()), target);
        return true;
    }

    @Override
    public void close() {
        listener.close();
        database.close();
    }
}
