package io.roro.core.publish;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.contract.VersionState;
import io.roro.core.spec.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Publishes model versions and datasets. Order of work: check everything (files against the model's rules,
 * references), upload the files, then record the version in one final insert. A publish killed at any point leaves
 * no visible half-version; its uploads are orphans that the next publish of the same model removes.
 */
public final class ModelPublisher {
    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** Uploads younger than this may belong to a publish still running elsewhere, so they are left alone. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(30);

    private final Lineage lineage;
    private final ArtifactStore artifacts;
    private final Duration orphanAge;

    public ModelPublisher(Lineage lineage, ArtifactStore artifacts) {
        this(lineage, artifacts, ORPHAN_AGE);
    }

    ModelPublisher(Lineage lineage, ArtifactStore artifacts, Duration orphanAge) {
        this.lineage = lineage;
        this.artifacts = artifacts;
        this.orphanAge = orphanAge;
    }

    /** The publisher over one lineage store and its artifacts. */
    public static ModelPublisher of(Lineage lineage) {
        return new ModelPublisher(lineage, lineage.artifacts());
    }

    public ModelVersion publish(PublishRequest request) {
        ModelRecord model = lineage.models().model(request.model()).orElseThrow(() -> new PublishException("unknown model '"
                + request.model() + "'; known models: " + String.join(", ",
                        lineage.models().models().stream().map(ModelRecord::name).toList())
                + " (models are registered from roro.yml on deploy)"));
        FileSet files = FileSet.of(request.directory());
        files.check(model.spec());
        DiskSpace.require(lineage.database().embeddedFile(), files.bytes(), "a version of " + model.name());
        Optional<TrainingRun> training = request.training().map(this::finishedTraining);
        Optional<Dataset> dataset = request.dataset().map(d -> dataset(d, model.name()));
        Optional<String> datasetId = dataset.map(Dataset::id);
        request.pretrained().ifPresent(p -> lineage.models().modelVersion(p)
                .orElseThrow(() -> new PublishException("unknown pretrained model version " + p)));
        Optional<BuildVersion> build = training.flatMap(TrainingRun::buildVersion).flatMap(lineage.projects()::buildVersion);

        artifacts.removeOrphans(model.name() + ":", (owner, artifact) -> lineage.models().modelVersion(owner)
                .map(v -> v.files().stream().anyMatch(f -> f.artifactId().equals(artifact))).orElse(false), orphanAge);
        Optional<String> named = request.version().map(this::checkVersionName);
        named.map(v -> LineageIds.modelVersion(model.name(), v)).filter(i -> lineage.models().modelVersion(i)
                .isPresent()).ifPresent(i -> {
                    throw new PublishException("model version " + i + " already exists; versions are immutable");
                });
        named.flatMap(v -> lineage.aliases().get(model.name(), v)).filter(a -> a.version().isPresent())
                .ifPresent(a -> {
                    throw new PublishException(a.id() + " is an alias (of " + a.version().get() + "); name the"
                            + " version otherwise, or move the alias to it after (roro versions alias)");
                });
        // the files first, the number last: a publish killed while uploading takes no version number, and numbers
        // are given in about the order versions are recorded (so a list newest first is in number order)
        List<StoredFile> stored = upload(files, model.name() + ":", request.progress());
        String version;
        try {
            version = named.orElseGet(() -> lineage.models().allocateVersion(model.name()));
        } catch (RuntimeException e) {
            stored.forEach(f -> artifacts.delete(f.artifactId()));
            throw e;
        }
        String id = LineageIds.modelVersion(model.name(), version);
        artifacts.reown(stored.stream().map(StoredFile::artifactId).toList(), id);
        Map<String, Object> metrics = new LinkedHashMap<>(training.map(TrainingRun::metrics).orElse(Map.of()));
        metrics.putAll(request.metrics());
        ModelVersion mv = new ModelVersion(model.name(), version, training.map(TrainingRun::id), datasetId,
                build.map(BuildVersion::id), request.pretrained(), stored, metrics, request.details(),
                snapshot(training, dataset, build), VersionState.PUBLISHED, Instant.now(), request.origin());
        try {
            ModelVersion recorded = lineage.models().insertVersion(mv);
            artifacts.claim(stored.stream().map(StoredFile::artifactId).toList());
            return recorded;
        } catch (RuntimeException e) {
            stored.forEach(f -> artifacts.delete(f.artifactId()));
            throw e instanceof LineageException ? new PublishException(e.getMessage(), e) : e;
        }
    }

    /**
     * Records a directory's files as the next version of dataset {@code name} of {@code model}; the same files as
     * its newest version are no new version (the answer says {@code unchanged}).
     */
    public DatasetStore.Published publishDataset(String model, String name, Path directory,
            Map<String, Object> details, Origin origin, ArtifactStore.Progress progress) {
        lineage.models().model(model).orElseThrow(() -> new PublishException("unknown model '" + model + "'"));
        Names.checkDatasetName(name).ifPresent(p -> {
            throw new PublishException(p);
        });
        FileSet files = FileSet.of(directory);
        if (files.files().isEmpty()) {
            throw new PublishException(directory + " holds no files to publish as dataset " + name);
        }
        DiskSpace.require(lineage.database().embeddedFile(), files.bytes(), "dataset " + name);
        String key = LineageIds.dataset(model, name);
        artifacts.removeOrphans("dataset:" + key, (owner, artifact) -> lineage.datasets().newest(model, name, true)
                .map(d -> d.files().stream().anyMatch(f -> f.artifactId().equals(artifact))).orElse(false), orphanAge);
        List<StoredFile> stored = upload(files, "dataset:" + key, progress);
        DatasetStore.Published published;
        try {
            published = lineage.datasets().publish(new Dataset(model, name, "", stored, details, false,
                    Instant.now(), origin));
        } catch (LineageException e) {
            stored.forEach(f -> artifacts.delete(f.artifactId()));
            throw new PublishException(e.getMessage(), e);
        }
        if (published.unchanged()) {
            stored.forEach(f -> artifacts.delete(f.artifactId())); // identical content was already there
        } else {
            artifacts.claim(stored.stream().map(StoredFile::artifactId).toList());
        }
        return published;
    }

    /** The dataset version {@code ref} names ({@code model}'s when it names no model; its newest when no version). */
    private Dataset dataset(String ref, String model) {
        DatasetRef parsed;
        try {
            parsed = DatasetRef.parse(ref).orModel(Optional.of(model));
        } catch (IllegalArgumentException e) {
            throw new PublishException(e.getMessage(), e);
        }
        return lineage.datasets().resolve(parsed).orElseThrow(() -> new PublishException("unknown dataset " + parsed));
    }

    private TrainingRun finishedTraining(String id) {
        TrainingRun training = lineage.trainings().training(id).orElseThrow(() -> new PublishException("unknown training " + id));
        if (training.state() != TrainingState.FINISHED) {
            throw new PublishException("training " + id + " is " + training.state()
                    + "; only a FINISHED training's output can be published");
        }
        return training;
    }

    private String checkVersionName(String name) {
        if (!VERSION.matcher(name).matches()) {
            throw new PublishException("'" + name + "' is not a valid version name; use lowercase letters, digits,"
                    + " '.', '-' and '_' (e.g. v7 or champion-2026-11)");
        }
        return name;
    }

    private List<StoredFile> upload(FileSet files, String owner, ArtifactStore.Progress progress) {
        List<StoredFile> stored = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> file : files.files().entrySet()) {
                try (InputStream in = Files.newInputStream(file.getValue())) {
                    ArtifactRef ref = artifacts.put(file.getKey(), in, FileSet.size(file.getValue()), owner, progress);
                    stored.add(new StoredFile(file.getKey(), ref.size(), ref.sha256(), ref.id()));
                }
            }
            return stored;
        } catch (IOException e) {
            stored.forEach(f -> artifacts.delete(f.artifactId()));
            throw new PublishException("cannot store " + files.directory() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> snapshot(Optional<TrainingRun> training, Optional<Dataset> dataset,
            Optional<BuildVersion> build) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        training.ifPresent(t -> snapshot.put("training", Map.of("name", t.name(), "task", t.task(),
                "params", t.params(), "profile", t.profile())));
        dataset.ifPresent(d -> snapshot.put("dataset", Map.of("name", d.name(),
                "files", d.files().stream().map(f -> f.name() + " sha256:" + f.sha256()).toList())));
        build.ifPresent(b -> {
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("tag", b.tag());
            image.put("image", b.image());
            image.put("image_id", b.imageId());
            b.git().ifPresent(g -> image.put("git_commit", g.commit()));
            snapshot.put("build", image);
        });
        return snapshot;
    }
}
