package io.roro.core.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.lineage.Dataset;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.StoredFile;
import io.roro.core.lineage.TrainingRun;
import io.roro.core.runtime.ConfigVars;
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
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module());
    private static final String PROGRESS = "roro:progress ";
    private static final String METRICS = "roro:metrics ";

    private final DockerCli docker;
    private final Lineage lineage;
    private final Path roroHome;
    private final Path workRoot;

    /** @param roroHome where trainings keep their work directories ({@code work/}) and projects their config vars */
    public TrainOperation(DockerCli docker, Lineage lineage, Path roroHome) {
        this.docker = docker;
        this.lineage = lineage;
        this.roroHome = roroHome;
        this.workRoot = roroHome.resolve("work");
    }

    /** Runs a training to its end, streaming its log; Ctrl-C (JVM shutdown) cancels it. */
    public TrainResult train(TrainRequest request, Consumer<String> log) {
        TrainingHandle handle = start(request, log);
        AtomicBoolean cancelled = new AtomicBoolean();
        java.util.concurrent.CountDownLatch cancelRecorded = new java.util.concurrent.CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancelled.set(true);
            try {
                docker.run(List.of("rm", "-f", handle.container()), 30);
                cancel(handle.trainingId(), "cancelled by the user (interrupt)");
            } finally {
                cancelRecorded.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Map<String, Object> metrics = follow(handle.container(), handle.trainingId(),
                    handle.workDir().resolve("training.log"), log);
            docker.check(List.of("wait", handle.container()));
            if (cancelled.get()) {
                throw new TrainingException("training " + handle.trainingId() + " was cancelled");
            }
            return complete(handle, metrics, request.origin(), log);
        } catch (IOException e) {
            fail(handle.trainingId(), "cannot follow the training: " + e.getMessage());
            throw new UncheckedIOException(e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook cancels the training: the caller must not close lineage
                // under it (Ctrl-C also ends our docker children, so this thread gets here first)
                awaitQuietly(cancelRecorded);
            }
        }
    }

    /**
     * Records the training and starts its container detached, then returns: the container runs on whatever
     * happens to the caller. Follow it with {@link #poll}.
     */
    public TrainingHandle start(TrainRequest request, Consumer<String> log) {
        ProjectSpec spec = request.spec();
        TrainingRecords.Prepared prepared = TrainingRecords.create(lineage, request);
        TaskSpec task = prepared.task();
        TrainingRun training = prepared.training();
        ResourceProfile profile = prepared.profile();
        Optional<Dataset> dataset = prepared.dataset();
        Map<String, Object> params = prepared.params();
        String name = training.name();
        String profileName = profile.name();
        Path work = workRoot.resolve(spec.project()).resolve(name);
        String container = container(spec.project(), name);
        TrainingHandle handle = new TrainingHandle(training.id(), container, work, profileName,
                profile.limits().memory(), task.model(), dataset.map(Dataset::id), request.pretrained(),
                request.publish(), request.origin().user());
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
            run.addAll(ConfigVars.of(roroHome, spec.project()).dockerFlags());
            run.addAll(List.of(request.build().image(), "python3", "-m", "roro_runtime.train"));
            JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve("handle.json").toFile(), handle);
            docker.check(run);
            lineage.store().startTraining(training.id());
            log.accept("training " + training.id() + " started (" + container + ")");
            return handle;
        } catch (IOException e) {
            fail(training.id(), "cannot prepare the training: " + e.getMessage());
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fail(training.id(), String.valueOf(e.getMessage()));
            docker.run(List.of("rm", "-f", container), 60);
            throw e;
        }
    }

    /** The handle a started training saved in its work directory. */
    public TrainingHandle handle(String trainingId) {
        String[] parts = trainingId.split(":", 2);
        Path file = workRoot.resolve(parts[0]).resolve(parts.length > 1 ? parts[1] : "").resolve("handle.json");
        try {
            return JSON.readValue(file.toFile(), TrainingHandle.class);
        } catch (IOException e) {
            throw new TrainingException("no training " + trainingId + " was started from " + workRoot + ": "
                    + e.getMessage());
        }
    }

    /**
     * Checks a started training: while it runs, records its progress and metrics so far and returns empty; once
     * its container has exited, finishes it (FINISHED and published, or FAILED) and returns the result. A
     * training already in a final state is reported as it is.
     */
    public Optional<TrainResult> poll(TrainingHandle handle, Consumer<String> log) {
        TrainingRun run = lineage.store().training(handle.trainingId())
                .orElseThrow(() -> new TrainingException("no training " + handle.trainingId()));
        if (run.state().isFinal()) {
            return Optional.of(new TrainResult(run, run.modelVersions().stream().findFirst()
                    .flatMap(lineage.store()::modelVersion), Optional.empty()));
        }
        String state = docker.run(List.of("inspect", "-f", "{{.State.Running}}", handle.container()), 30)
                .stdout().trim();
        Map<String, Object> metrics = new LinkedHashMap<>();
        io.roro.core.runtime.CommandResult logs = docker.run(List.of("logs", handle.container()), 120);
        (logs.stdout() + "\n" + logs.stderr()).lines().forEach(line -> parse(line, handle.trainingId(), metrics));
        if (state.equals("true")) {
            return Optional.empty();
        }
        if (state.isEmpty()) {
            fail(handle.trainingId(), "its container " + handle.container() + " is gone");
            throw new TrainingException("training " + handle.trainingId() + " lost its container");
        }
        try {
            Files.writeString(handle.workDir().resolve("training.log"), logs.stdout() + logs.stderr());
        } catch (IOException e) {
            // the log is stored below if it could be written
        }
        return Optional.of(complete(handle, metrics, io.roro.core.lineage.Origin.of("poll", handle.originUser()),
                log));
    }

    /** Stops a started training: its container is removed and the training is CANCELLED. */
    public void cancel(TrainingHandle handle, String reason) {
        docker.run(List.of("rm", "-f", handle.container()), 60);
        cancel(handle.trainingId(), reason);
    }

    /** The container a training runs in on this engine. */
    private static String container(String project, String trainingName) {
        return "roro-train-" + project + "-" + trainingName;
    }

    /**
     * A training's log, line by line: the one stored in lineage when it ended (sha256-checked), or, while it runs on
     * this engine, its container's. False when there is neither (it runs elsewhere, or none could be stored).
     */
    public boolean log(String trainingId, Consumer<String> lines) {
        try (io.roro.core.TemporaryDirectory tmp = io.roro.core.TemporaryDirectory.create("roro-log-")) {
            Path file = tmp.path().resolve("training.log");
            if (lineage.fetchTrainingLog(trainingId, file)) {
                try (var stored = Files.lines(file)) {
                    stored.forEach(lines);
                }
                return true;
            }
            var run = lineage.store().training(trainingId).orElseThrow();
            String container = container(run.project(), run.name());
            if (run.state().isFinal() || !docker.run(List.of("inspect", container), 30).ok()) {
                return false;
            }
            docker.stream(List.of("logs", container), lines);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + trainingId + ": " + e.getMessage(), e);
        } catch (io.roro.core.runtime.DockerException e) {
            return false; // no engine here: the training runs elsewhere
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(90, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The end of a training whose container has exited: outcome into lineage, log stored, output published. */
    private TrainResult complete(TrainingHandle handle, Map<String, Object> metrics,
            io.roro.core.lineage.Origin origin, Consumer<String> log) {
        String container = handle.container();
        String exit = docker.run(List.of("inspect", "-f", "{{.State.ExitCode}}", container), 30).stdout().trim();
        String oom = docker.run(List.of("inspect", "-f", "{{.State.OOMKilled}}", container), 30).stdout().trim();
        // docker logs keeps the container's stderr on its own stderr: the error, not the last print
        Optional<String> lastError = lastLine(docker.run(List.of("logs", "--tail", "50", container), 60));
        docker.run(List.of("rm", "-f", container), 60);
        storeLog(handle.trainingId(), handle.workDir().resolve("training.log"));
        if ("true".equals(oom)) {
            lineage.store().failTraining(handle.trainingId(), "killed: out of memory (limit "
                    + handle.memoryLimit().orElse("none") + ")");
            throw new TrainingException("training " + handle.trainingId() + " ran out of memory (profile "
                    + handle.profile() + "); give the task a profile with more memory");
        }
        if (!exit.equals("0")) {
            String reason = "exit code " + exit + lastError.map(l -> ": " + l).orElse("");
            lineage.store().failTraining(handle.trainingId(), reason);
            throw new TrainingException("training " + handle.trainingId() + " failed with " + reason);
        }
        return TrainingRecords.finish(lineage, handle.trainingId(), metrics, handle.workDir().resolve("output"),
                handle.pretrained(), handle.publish(), origin, log);
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
            TrainingRecords.storeLog(lineage, trainingId, in, Files.size(logFile));
        } catch (IOException e) {
            // no log file: the training's outcome matters more than its log
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
