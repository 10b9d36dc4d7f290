package io.roro.core.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.TemporaryDirectory;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.artifacts.LoggedProgress;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.secrets.SecretMask;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.TrainingExit;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishException;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ResourceProfile;
import io.roro.core.spec.TaskSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The beginning and the end of a training in lineage, wherever it runs (a Docker container here, a Kubernetes Job
 * in a cluster): resolve the task, profile, dataset and parameters and record it WAITING; at the end record it
 * FINISHED with its metrics and publish its output as a version of the task's model.
 */
public final class TrainingRecords {
    private static final Logger LOG = Logger.getLogger(TrainingRecords.class.getName());

    private TrainingRecords() {
    }

    /** A recorded training with what it will run with. */
    public record Prepared(TrainingRun training, TaskSpec task, ResourceProfile profile, Optional<Dataset> dataset,
            Map<String, Object> params) {
    }

    public static Prepared create(Lineage lineage, TrainRequest request) {
        ProjectSpec spec = request.spec();
        Resolved resolved = resolve(lineage, spec, request.task(), request.dataset(), request.profile(),
                request.pretrained());
        lineage.quarantines().ofBuild(request.build().id()).ifPresent(q -> {
            throw new TrainingException("build " + request.build().id() + " is quarantined " + q.describe()
                    + ": deploy another commit, or lift it (roro quarantine --lift " + q.ref() + ")");
        });
        TaskSpec task = resolved.task();
        Map<String, Object> params = DeclaredParams.of(task, request.params());
        String name = lineage.trainings().allocateTrainingName(spec.project(), task.name());
        Instant now = Instant.now();
        TrainingRun training = lineage.trainings().createTraining(new TrainingRun(spec.project(), name, task.name(),
                Optional.of(request.build().id()), task.command(), task.notebook(), Params.forLineage(params),
                resolved.profile(), task.model(), resolved.dataset().map(Dataset::id), TrainingState.WAITING, 0,
                Map.of(), Optional.empty(), now, Optional.empty(), now, Optional.empty(), List.of(),
                request.origin()));
        return new Prepared(training, task, spec.profile(resolved.profile()), resolved.dataset(), params);
    }

    /**
     * What {@link #create} refuses, checked without recording anything or needing the image: an unknown task or
     * profile, a dataset not published, an unknown pretrained version. A training command checks this first, so
     * it says so before it builds.
     */
    public static void check(Lineage lineage, ProjectSpec spec, String task, Optional<String> dataset,
            Optional<String> profile, Optional<String> pretrained) {
        resolve(lineage, spec, task, dataset, profile, pretrained);
    }

    /** {@link #check} and the run's parameters against what the task declares (DeclaredParams). */
    public static void check(Lineage lineage, ProjectSpec spec, String task, Optional<String> dataset,
            Optional<String> profile, Optional<String> pretrained, Map<String, Object> params) {
        spec.task(task).ifPresent(declared -> DeclaredParams.of(declared, params)); // what the command line said
        resolve(lineage, spec, task, dataset, profile, pretrained);
    }

    private record Resolved(TaskSpec task, String profile, Optional<Dataset> dataset) {
    }

    private static Resolved resolve(Lineage lineage, ProjectSpec spec, String taskName, Optional<String> datasetName,
            Optional<String> profile, Optional<String> pretrained) {
        TaskSpec task = spec.task(taskName).orElseThrow(() -> new TrainingException("no task '" + taskName
                + "' in " + spec.project() + "; tasks: " + String.join(", ",
                        spec.tasks().stream().map(TaskSpec::name).toList())));
        String profileName = profile.orElse(task.profile());
        if (!spec.profiles().containsKey(profileName)) {
            throw new TrainingException("no profile '" + profileName + "'; profiles: "
                    + String.join(", ", spec.profiles().keySet()));
        }
        Optional<Dataset> dataset = dataset(lineage, task, datasetName);
        dataset.flatMap(d -> lineage.quarantines().ofDataset(d.id())).ifPresent(q -> {
            throw new TrainingException(q.ref() + " is quarantined (\"" + q.reason() + "\"): publish a"
                    + " new version, pin another, or lift it (roro quarantine --lift " + q.ref() + ")");
        });
        pretrained.ifPresent(p -> {
            try {
                lineage.models().withFiles(p);
            } catch (LineageException e) {
                throw new TrainingException("cannot start from " + p + ": " + e.getMessage(), e);
            }
        });
        return new Resolved(task, profileName, dataset);
    }

    /**
     * Records a training FINISHED with {@code metrics} and publishes the files in {@code output} as a version of
     * its model (when it has one and {@code publish} is set). A refused publish leaves the training FINISHED and
     * says why in the result: the training did finish; there is simply no version.
     */
    public static TrainResult finish(Lineage lineage, String trainingId, Map<String, Object> metrics, Path output,
            Optional<String> pretrained, boolean publish, Origin origin, Consumer<String> log) {
        return finish(lineage, trainingId, metrics, output, pretrained, publish, Map.of(), origin, log);
    }

    /** {@link #finish}, the published version carrying {@code versionDetails} (what it reproduces). */
    public static TrainResult finish(Lineage lineage, String trainingId, Map<String, Object> metrics, Path output,
            Optional<String> pretrained, boolean publish, Map<String, Object> versionDetails, Origin origin,
            Consumer<String> log) {
        TrainingRun finished = lineage.trainings().finishTraining(trainingId, metrics);
        log.accept("training " + trainingId + " finished " + MetricsText.of(finished.metrics()));
        finished = ReadDatasets.publish(lineage, finished, output, origin, log);
        if (!publish) {
            return new TrainResult(finished, Optional.empty(), Optional.empty());
        }
        if (finished.model().isEmpty()) {
            // said, not silent: a user who forgot model: otherwise looks for a version that never comes
            log.accept("nothing published: task " + finished.task() + " has no model: in roro.yml (add one to keep"
                    + " its output as a model version)");
            return new TrainResult(finished, Optional.empty(), Optional.empty());
        }
        PublishRequest request = PublishRequest.of(finished.model().get(), output, origin).withTraining(trainingId)
                .withProgress(LoggedProgress.to(log)); // a big model is not 40 s of silence
        if (finished.dataset().isPresent()) {
            request = request.withDataset(finished.dataset().get());
        }
        if (pretrained.isPresent()) {
            request = request.withPretrained(pretrained.get());
        }
        if (!versionDetails.isEmpty()) {
            request = request.withDetails(versionDetails);
        }
        try {
            ModelVersion version = ModelPublisher.of(lineage).publish(request);
            log.accept("published " + version.id());
            return new TrainResult(lineage.trainings().training(trainingId).orElse(finished), Optional.of(version),
                    Optional.empty());
        } catch (PublishException e) {
            log.accept("the training finished but its output cannot be published: " + e.getMessage());
            return new TrainResult(finished, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    /**
     * The metrics a training left in {@code output/metrics.json} (a JSON object), where it ran out of roro's sight
     * (a Kubernetes Job); empty when there is no such file.
     */
    /**
     * Keeps a training's log with its record (docker container or Kubernetes pod alike). A log that cannot be
     * stored is dropped: the training's outcome matters more than its log.
     */
    public static void storeLog(Lineage lineage, String trainingId, InputStream log, long size) {
        try {
            var ref = lineage.artifacts().put("training.log", log, size, "training:" + trainingId,
                    ArtifactStore.Progress.NONE);
            lineage.trainings().attachTrainingLog(trainingId, new StoredFile("training.log",
                    ref.size(), ref.sha256(), ref.id()));
            lineage.artifacts().claim(List.of(ref.id()));
        } catch (IOException e) {
            // see above
            LOG.log(Level.WARNING, "cannot keep a training's log", e);
        }
    }

    public static Map<String, Object> metricsFile(Path output) {
        Path file = output.resolve("metrics.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return new ObjectMapper().readValue(file.toFile(),
                    new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new TrainingException(file + " is not a JSON object of metrics: " + e.getMessage(), e);
        }
    }

    private static Optional<Dataset> dataset(Lineage lineage, TaskSpec task, Optional<String> override) {
        Optional<String> name = override.or(task::dataset);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dataset(lineage, task.model(), "the task's model", name.get()));
    }

    /**
     * The dataset version {@code name} means now: {@code NAME} or {@code NAME:VERSION} of {@code model} (which
     * {@code whose} names in the error when there is none), or {@code MODEL:NAME[:VERSION]}; the newest version
     * when it names none.
     */
    static Dataset dataset(Lineage lineage, Optional<String> model, String whose, String name) {
        DatasetRef ref;
        try {
            ref = DatasetRef.parse(name).orModel(model);
        } catch (IllegalArgumentException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        if (ref.model().isEmpty()) {
            throw new TrainingException("dataset '" + name + "' needs " + whose + " (or write MODEL:NAME)");
        }
        DatasetRef resolved = ref;
        return lineage.datasets().resolve(ref).orElseThrow(() -> {
            Optional<Dataset> newest = lineage.datasets().newest(resolved.model().get(), resolved.name(), false);
            if (newest.isPresent()) {
                return new TrainingException("dataset " + resolved + " is not published; its newest version is "
                        + newest.get().id());
            }
            return new TrainingException("dataset " + resolved.key() + " is not published; publish it first: roro"
                    + " datasets publish --model " + resolved.model().get() + " --name " + resolved.name()
                    + " --path DIR");
        });
    }

    /** Keeps the log with the training, every config var value in it masked. */
    static void storeMaskedLog(Lineage lineage, String trainingId, TrainingExit.Log log, SecretMask mask) {
        try (TemporaryDirectory tmp = TemporaryDirectory.create("roro-log-")) {
            Path masked = tmp.path().resolve("training.log");
            try (var in = new BufferedReader(new InputStreamReader(log.open(),
                    StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(masked)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(mask.apply(line));
                    out.newLine();
                }
            }
            try (InputStream in = Files.newInputStream(masked)) {
                storeLog(lineage, trainingId, in, Files.size(masked));
            }
        } catch (IOException | UncheckedIOException e) {
            // no log: the training's outcome matters more than its log
            LOG.log(Level.WARNING, "cannot keep the log of training " + trainingId, e);
        }
    }

    /** Marks a training FAILED unless it is already final. */
    static void failQuietly(Lineage lineage, String id, String reason) {
        try {
            lineage.trainings().failTraining(id, reason);
        } catch (RuntimeException e) {
            // already final
            LOG.log(Level.FINE, "training " + id + " not marked failed (already final?)", e);
        }
    }

    /** Marks a training CANCELLED unless it is already final. */
    static void cancelQuietly(Lineage lineage, String id, String reason) {
        try {
            lineage.trainings().cancelTraining(id, reason);
        } catch (RuntimeException e) {
            // already final
            LOG.log(Level.FINE, "training " + id + " not marked cancelled (already final?)", e);
        }
    }
}
