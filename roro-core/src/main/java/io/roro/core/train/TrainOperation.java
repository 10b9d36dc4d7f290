package io.roro.core.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.lineage.Dataset;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.LineageIds;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.StoredFile;
import io.roro.core.lineage.TrainingRun;
import io.roro.core.lineage.TrainingState;
import io.roro.core.publish.PublishException;
import io.roro.core.publish.PublishRequest;
import io.roro.core.runtime.ContainerLimits;
import io.roro.core.runtime.DockerCli;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ResourceProfile;
import io.roro.core.spec.TaskSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a task in a container of the project image and records it: WAITING, RUNNING with live progress and metrics,
 * then FINISHED, FAILED (exit code, out of memory) or CANCELLED (Ctrl-C). The log is stored with the training;
 * a successful training's output is published as a version of the task's model.
 */
public final class TrainOperation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRESS = "roro:progress ";
    private static final String METRICS = "roro:metrics ";

    private final DockerCli docker;
    private final Lineage lineage;
    private final Path workRoot;

    public TrainOperation(DockerCli docker, Lineage lineage, Path workRoot) {
        this.docker = docker;
        this.lineage = lineage;
        this.workRoot = workRoot;
    }

    public TrainResult train(TrainRequest request, Consumer<String> log) {
        ProjectSpec spec = request.spec();
        TaskSpec task = spec.task(request.task()).orElseThrow(() -> new TrainingException("no task '"
                + request.task() + "' in " + spec.project() + "; tasks: " + String.join(", ",
                        spec.tasks().stream().map(TaskSpec::name).toList())));
        String profileName = request.profile().orElse(task.profile());
        if (!spec.profiles().containsKey(profileName)) {
            throw new TrainingException("no profile '" + profileName + "'; profiles: "
                    + String.join(", ", spec.profiles().keySet()));
        }
        ResourceProfile profile = spec.profile(profileName);
        Optional<Dataset> dataset = dataset(task, request.dataset());
        Map<String, Object> params = new LinkedHashMap<>(task.params());
        params.putAll(request.params());
        request.pretrained().ifPresent(p -> lineage.store().modelVersion(p)
                .orElseThrow(() -> new TrainingException("unknown pretrained model version " + p)));

        String name = lineage.store().allocateTrainingName(spec.project(), task.name());
        Instant now = Instant.now();
        TrainingRun training = lineage.store().createTraining(new TrainingRun(spec.project(), name, task.name(),
                Optional.of(request.build().id()), task.command(), task.notebook(), Params.forLineage(params),
                profileName, task.model(), dataset.map(Dataset::id), TrainingState.WAITING, 0, Map.of(),
                Optional.empty(), now, Optional.empty(), now, Optional.empty(), List.of(), request.origin()));
        Path work = workRoot.resolve(spec.project()).resolve(name);
        String container = "roro-train-" + spec.project() + "-" + name;
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread onInterrupt = new Thread(() -> {
            cancelled.set(true);
            docker.run(List.of("rm", "-f", container), 30);
            cancel(training.id(), "cancelled by the user (interrupt)");
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Path output = Files.createDirectories(work.resolve("output"));
            Path data = Files.createDirectories(work.resolve("data"));
            Optional<Path> pretrainedDir = Optional.empty();
            dataset.ifPresent(d -> download(d.files(), data));
            if (request.pretrained().isPresent()) {
                Path dir = Files.createDirectories(work.resolve("pretrained"));
                download(lineage.store().modelVersion(request.pretrained().get()).orElseThrow().files(), dir);
                pretrainedDir = Optional.of(dir);
            }
            openUp(work);
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", container, "--network", "none",
                    "--label", "io.roro.project=" + spec.project(), "--label", "io.roro.training=" + name,
                    "-e", "HOME=/tmp", "-e", "RORO_PARAMS=" + JSON.writeValueAsString(params),
                    "-v", output.toAbsolutePath() + ":/output", "-v", data.toAbsolutePath() + ":/data:ro"));
            task.command().ifPresent(c -> run.addAll(List.of("-e", "RORO_COMMAND=" + c)));
            task.notebook().ifPresent(n -> run.addAll(List.of("-e", "RORO_NOTEBOOK=" + n)));
            if (pretrainedDir.isPresent()) {
                run.addAll(List.of("-v", pretrainedDir.get().toAbsolutePath() + ":/pretrained:ro",
                        "-e", "RORO_PRETRAINED_DIR=/pretrained"));
            }
            run.addAll(ContainerLimits.flags(profile));
            run.addAll(List.of(request.build().image(), "python3", "-m", "roro_runtime.train"));
            docker.check(run);
            lineage.store().startTraining(training.id());
            log.accept("training " + training.id() + " started (" + container + ")");
            Path logFile = work.resolve("training.log");
            Map<String, Object> metrics = follow(container, training.id(), logFile, log);
            String exit = docker.check(List.of("wait", container));
            String oom = docker.run(List.of("inspect", "-f", "{{.State.OOMKilled}}", container), 30).stdout().trim();
            // docker logs keeps the container's stderr on its own stderr: the error, not the last print
            Optional<String> lastError = lastLine(docker.run(List.of("logs", "--tail", "50", container), 60));
            docker.run(List.of("rm", "-f", container), 60);
            storeLog(training.id(), logFile);
            if (cancelled.get()) {
                throw new TrainingException("training " + training.id() + " was cancelled");
            }
            if ("true".equals(oom)) {
                lineage.store().failTraining(training.id(), "killed: out of memory (limit "
                        + profile.limits().memory().or(() -> profile.requests().memory()).orElse("none") + ")");
                throw new TrainingException("training " + training.id() + " ran out of memory (profile "
                        + profileName + "); give the task a profile with more memory");
            }
            if (!exit.equals("0")) {
                String reason = "exit code " + exit + lastError.map(l -> ": " + l).orElse("");
                lineage.store().failTraining(training.id(), reason);
                throw new TrainingException("training " + training.id() + " failed with " + reason);
            }
            TrainingRun finished = lineage.store().finishTraining(training.id(), metrics);
            log.accept("training " + training.id() + " finished " + finished.metrics());
            return publish(request, task, finished, output, dataset, log);
        } catch (IOException e) {
            fail(training.id(), "cannot prepare the training: " + e.getMessage());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (!(e instanceof TrainingException)) {
                fail(training.id(), String.valueOf(e.getMessage()));
                docker.run(List.of("rm", "-f", container), 60);
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running
            }
        }
    }

    private TrainResult publish(TrainRequest request, TaskSpec task, TrainingRun finished, Path output,
            Optional<Dataset> dataset, Consumer<String> log) {
        if (!request.publish() || task.model().isEmpty()) {
            return new TrainResult(finished, Optional.empty(), Optional.empty());
        }
        PublishRequest publish = PublishRequest.of(task.model().get(), output, request.origin())
                .withTraining(finished.id());
        if (dataset.isPresent()) {
            publish = publish.withDataset(dataset.get().id());
        }
        if (request.pretrained().isPresent()) {
            publish = publish.withPretrained(request.pretrained().get());
        }
        try {
            ModelVersion version = lineage.publisher().publish(publish);
            log.accept("published " + version.id());
            return new TrainResult(finished, Optional.of(version), Optional.empty());
        } catch (PublishException e) {
            log.accept("the training finished but its output cannot be published: " + e.getMessage());
            return new TrainResult(finished, Optional.empty(), Optional.of(e.getMessage()));
        }
    }

    private Optional<Dataset> dataset(TaskSpec task, Optional<String> override) {
        Optional<String> name = override.or(task::dataset);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String id = name.get().contains(":") ? name.get() : LineageIds.dataset(task.model().orElseThrow(() ->
                new TrainingException("dataset '" + name.get() + "' needs the task's model (or write MODEL:NAME)")),
                name.get());
        return Optional.of(lineage.store().dataset(id).orElseThrow(() -> new TrainingException("dataset " + id
                + " is not published; publish it first: roro datasets publish --model "
                + id.substring(0, id.indexOf(':')) + " --name " + id.substring(id.indexOf(':') + 1)
                + " --path DIR")));
    }

    /** Follows the container's output: to the user, to the log file, and progress/metrics into the training. */
    private Map<String, Object> follow(String container, String trainingId, Path logFile, Consumer<String> log)
            throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        try (BufferedWriter out = Files.newBufferedWriter(logFile)) {
            docker.stream(List.of("logs", "-f", container), line -> {
                log.accept(line);
                try {
                    out.write(line);
                    out.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                parse(line, trainingId, metrics);
            });
        }
        return metrics;
    }

    private void parse(String line, String trainingId, Map<String, Object> metrics) {
        try {
            if (line.startsWith(PROGRESS)) {
                lineage.store().reportProgress(trainingId, Double.parseDouble(line.substring(PROGRESS.length())
                        .trim()), Map.of());
            } else if (line.startsWith(METRICS)) {
                Map<String, Object> values = JSON.readValue(line.substring(METRICS.length()),
                        new TypeReference<LinkedHashMap<String, Object>>() { });
                metrics.putAll(values);
                lineage.store().reportProgress(trainingId, currentProgress(trainingId), values);
            }
        } catch (IOException | NumberFormatException e) {
            // a malformed report line is just output
        }
    }

    private double currentProgress(String trainingId) {
        return lineage.store().training(trainingId).map(TrainingRun::progress).orElse(0.0);
    }

    private void storeLog(String trainingId, Path logFile) {
        try (InputStream in = Files.newInputStream(logFile)) {
            ArtifactRef ref = lineage.artifacts().put("training.log", in, Files.size(logFile),
                    "training:" + trainingId, io.roro.core.artifacts.ArtifactStore.Progress.NONE);
            lineage.store().attachTrainingLog(trainingId, new StoredFile("training.log", ref.size(), ref.sha256(),
                    ref.id()));
            lineage.artifacts().claim(List.of(ref.id()));
        } catch (IOException e) {
            // the training's outcome matters more than its log
        }
    }

    private void download(List<StoredFile> files, Path dir) {
        try {
            lineage.artifacts().getAll(files.stream().map(StoredFile::ref).toList(), dir);
        } catch (IOException e) {
            throw new TrainingException("cannot fetch the training's inputs: " + e.getMessage());
        }
    }

    /** The container runs as an unprivileged user: it must be able to write the output and read the inputs. */
    private static void openUp(Path work) throws IOException {
        try (var paths = Files.walk(work)) {
            for (Path p : paths.toList()) {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static Optional<String> lastLine(io.roro.core.runtime.CommandResult logs) {
        String tail = logs.tail(1).strip();
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tail.length() > 300 ? tail.substring(0, 300) + "..." : tail);
    }

    private void fail(String id, String reason) {
        try {
            lineage.store().failTraining(id, reason);
        } catch (RuntimeException e) {
            // already final
        }
    }

    private void cancel(String id, String reason) {
        try {
            lineage.store().cancelTraining(id, reason);
        } catch (RuntimeException e) {
            // already final
        }
    }
}
