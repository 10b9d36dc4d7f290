package io.roro.core.train;

import io.roro.core.TemporaryDirectory;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.Origin;
import io.roro.core.secrets.SecretMask;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.Platform;
import io.roro.core.platform.TrainingExit;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.TrainingLaunch;
import io.roro.core.platform.TrainingRuntime;
import io.roro.core.spec.BuiltinProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a task on a platform and records it: WAITING, RUNNING with live progress and metrics, then FINISHED,
 * FAILED (exit code, out of memory, the platform's reason) or CANCELLED (Ctrl-C, {@link #cancel}). The log is kept
 * with the training; a successful training's output is published as a version of the task's model.
 */
public final class TrainOperation {
    private final Platform platform;
    private final TrainingRuntime runtime;
    private final Lineage lineage;

    public TrainOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.runtime = platform.trainings();
        this.lineage = lineage;
    }

    /** Runs a training to its end, streaming its log; Ctrl-C (JVM shutdown) cancels it. */
    public TrainResult train(TrainRequest request, Consumer<String> printed) {
        SecretMask mask = mask(request.spec().project());
        Consumer<String> log = mask.masking(printed);
        TrainingHandle handle = start(request, log);
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch cancelRecorded = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancelled.set(true);
            try {
                runtime.cancel(handle);
                cancelQuietly(handle.trainingId(), "cancelled by the user (interrupt)");
            } finally {
                cancelRecorded.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            ProgressReports reports = new ProgressReports(lineage.trainings(), handle.trainingId(), mask);
            TrainingExit exit;
            try {
                exit = runtime.follow(handle, line -> {
                    log.accept(line);
                    reports.accept(line);
                });
            } catch (RuntimeException e) {
                if (cancelled.get()) {
                    throw new TrainingException("training " + handle.trainingId() + " was cancelled", e);
                }
                failQuietly(handle.trainingId(), mask.apply("cannot follow the training: " + e.getMessage()));
                throw e;
            }
            if (cancelled.get()) {
                throw new TrainingException("training " + handle.trainingId() + " was cancelled");
            }
            Ended ended = end(handle, exit, reports.metrics(), request.versionDetails(), request.origin(), log, mask);
            ended.failure().ifPresent(message -> {
                throw new TrainingException(message);
            });
            return ended.result();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook cancels the training: the caller must not close lineage
                // under it (Ctrl-C also ends our platform's children, so this thread gets here first)
                awaitQuietly(cancelRecorded);
            }
        }
    }

    /**
     * Records the training and starts it detached, then returns: it runs on whatever happens to the caller.
     * Follow it with {@link #poll}.
     */
    public TrainingHandle start(TrainRequest request, Consumer<String> log) {
        TrainingRecords.Prepared prepared = TrainingRecords.create(lineage, request);
        TrainingRun training = prepared.training();
        TrainingLaunch launch = new TrainingLaunch(training, prepared.task(), prepared.profile(), prepared.params(),
                prepared.dataset(), request.pretrained().map(p -> lineage.models().modelVersion(p).orElseThrow()),
                request.build(), request.publish());
        TrainingHandle handle;
        try {
            handle = runtime.start(launch, log);
        } catch (RuntimeException e) {
            SecretMask mask = mask(training.project());
            failQuietly(training.id(), mask.apply("could not start on " + platform.name() + ": " + e.getMessage()));
            throw new TrainingException(mask.apply("training " + training.id() + " could not start: "
                    + e.getMessage()), e);
        }
        lineage.trainings().startTraining(training.id());
        return handle;
    }

    /**
     * Checks a started training: while it runs, records its progress and metrics so far and returns empty; once it
     * has ended, records how (FINISHED and published, or FAILED) and returns the result. A training already in a
     * final state is reported as it is.
     */
    public Optional<TrainResult> poll(String trainingId, Consumer<String> log) {
        TrainingRun run = training(trainingId);
        if (run.state().isFinal()) {
            return Optional.of(asEnded(run));
        }
        TrainingHandle handle = runtime.attach(run);
        SecretMask mask = mask(run.project());
        ProgressReports reports = new ProgressReports(lineage.trainings(), trainingId, mask);
        Optional<TrainingExit> exit = runtime.poll(handle, reports);
        if (exit.isEmpty()) {
            return Optional.empty();
        }
        // a detached training's version carries no details: reproductions run attached
        return Optional.of(end(handle, exit.get(), reports.metrics(), Map.of(), Origin.of("poll",
                handle.originUser()), mask.masking(log), mask).result());
    }

    /** The handle of a started training, as another process (a resumed Jenkins step) finds it. */
    public TrainingHandle handle(String trainingId) {
        return runtime.attach(training(trainingId));
    }

    /** Stops a started training: what it runs in is removed, the training is CANCELLED; an ended one stays. */
    public TrainingRun cancel(String trainingId, String reason) {
        TrainingRun run = training(trainingId);
        if (run.state().isFinal()) {
            return run;
        }
        runtime.cancel(runtime.attach(run));
        return lineage.trainings().cancelTraining(trainingId, reason);
    }

    /**
     * A training's log, line by line: the one stored in lineage when it ended (sha256-checked), or, while it runs
     * where this platform can show it, its live output. False when there is neither.
     */
    public boolean log(String trainingId, Consumer<String> lines) {
        try (TemporaryDirectory tmp = TemporaryDirectory.create("roro-log-")) {
            Path file = tmp.path().resolve("training.log");
            if (lineage.fetchTrainingLog(trainingId, file)) {
                try (var stored = Files.lines(file)) {
                    stored.forEach(lines);
                }
                return true;
            }
            return liveLog(training(trainingId), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log of " + trainingId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A running training's output as the platform has it now, the project's config var values masked (the UI's
     * training page and API); false when this platform cannot show it.
     */
    public boolean liveLog(TrainingRun run, Consumer<String> lines) {
        return runtime.liveLog(run, mask(run.project()).masking(lines));
    }

    /** A training's end as recorded, and why it is not a success (for an attached training to throw). */
    private record Ended(TrainResult result, Optional<String> failure) {
    }

    /** Records how a training ended on its platform: its log kept, FINISHED and published, or FAILED. */
    private Ended end(TrainingHandle handle, TrainingExit exit, Map<String, Object> metrics,
            Map<String, Object> versionDetails, Origin origin, Consumer<String> log, SecretMask mask) {
        String id = handle.trainingId();
        exit.log().ifPresent(l -> storeLog(id, l, mask));
        String reason = mask.apply(exit.reason());
        TrainingRun now = training(id);
        if (now.state().isFinal()) {
            // it recorded its own end where it ran, between our first read and now
            return new Ended(asEnded(now), Optional.empty());
        }
        switch (exit.outcome()) {
            case SUCCEEDED:
                try {
                    // masked as ProgressReports read them from the log, the one place metrics come from here
                    TrainResult finished = TrainingRecords.finish(lineage, id, metrics, exit.output().orElseThrow(),
                            handle.pretrained(), handle.publish(), versionDetails, origin, log);
                    // published, the output is in the store: no second local copy (a serve makes its own)
                    finished.version().ifPresent(v -> LocalOutput.remove(exit.output().get()));
                    return new Ended(finished, Optional.empty());
                } catch (LineageException e) {
                    // another reader (a detached training's finisher, a `train status`) recorded the end first
                    TrainingRun recorded = training(id);
                    if (recorded.state().isFinal()) {
                        return new Ended(asEnded(recorded), Optional.empty());
                    }
                    throw e;
                }
            case RECORDED_ITSELF:
                // a success that did not record its end is a broken agent image
                return failed(id, "the Job succeeded but did not record the training's end (roro train finish)",
                        "training " + id + " ended without recording its end");
            case OUT_OF_MEMORY:
                return failed(id, reason, "training " + id + " ran out of memory (profile " + handle.profile()
                        + handle.memoryLimit().map(m -> ", " + m).orElse("") + "); give the task a profile with more"
                        + " memory" + larger(handle.memoryLimit()));
            case GONE:
                return failed(id, reason, "training " + id + " lost its container");
            default:
                return failed(id, reason, "training " + id + " failed with " + reason);
        }
    }

    private static String larger(Optional<String> memory) {
        List<String> profiles = BuiltinProfiles.withMoreMemoryThan(memory);
        return profiles.isEmpty() ? "" : ", such as " + String.join(", ", profiles);
    }

    private Ended failed(String id, String reason, String message) {
        TrainingRun failed;
        try {
            failed = lineage.trainings().failTraining(id, reason);
        } catch (LineageException e) {
            failed = training(id); // another reader recorded the end first
        }
        return new Ended(new TrainResult(failed, Optional.empty(), Optional.empty()), Optional.of(message));
    }

    private TrainResult asEnded(TrainingRun run) {
        return new TrainResult(run, run.modelVersions().stream().findFirst().flatMap(lineage.models()::modelVersion),
                Optional.empty());
    }

    private TrainingRun training(String id) {
        return lineage.trainings().training(id).orElseThrow(() -> new TrainingException("no training " + id));
    }

    /** Keeps the log with the training, every config var value in it masked. */
    private void storeLog(String trainingId, TrainingExit.Log log, SecretMask mask) {
        TrainingRecords.storeMaskedLog(lineage, trainingId, log, mask);
    }

    /** The project's config var values, masked in what this operation prints and stores. */
    private SecretMask mask(String project) {
        return platform.configVars(project).mask();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failQuietly(String id, String reason) {
        TrainingRecords.failQuietly(lineage, id, reason);
    }

    private void cancelQuietly(String id, String reason) {
        TrainingRecords.cancelQuietly(lineage, id, reason);
    }
}
