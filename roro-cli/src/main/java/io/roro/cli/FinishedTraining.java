package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.Platform;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code roro train status --wait [--serve]}: a detached training followed to its end, and what follows it. */
final class FinishedTraining {
    private static final Duration POLL = Duration.ofSeconds(2);
    /** How long a finished training's version may take to appear when another reader is publishing it. */
    private static final Duration PUBLISH_WAIT = Duration.ofMinutes(30);

    private FinishedTraining() {
    }

    /** The training once it has ended (recorded here or by another reader) and its version, if any, is recorded. */
    static TrainResult await(TrainOperation operation, Lineage lineage, String id, Consumer<String> out) {
        boolean publishes = operation.handle(id).publish();
        while (true) {
            Optional<TrainResult> ended = operation.poll(id, out);
            if (ended.isPresent()) {
                return withVersion(ended.get(), lineage, publishes);
            }
            sleep(POLL);
        }
    }

    /** Waits for the version another reader is publishing (FINISHED is recorded before the publish). */
    private static TrainResult withVersion(TrainResult result, Lineage lineage, boolean publishes) {
        Instant until = Instant.now().plus(PUBLISH_WAIT);
        TrainResult now = result;
        while (now.version().isEmpty() && now.publishError().isEmpty() && publishes && pending(now.training())
                && Instant.now().isBefore(until)) {
            sleep(POLL);
            TrainingRun run = lineage.trainings().training(result.training().id()).orElseThrow();
            now = new TrainResult(run, run.modelVersions().stream().findFirst()
                    .flatMap(lineage.models()::modelVersion), Optional.empty());
        }
        return now;
    }

    private static boolean pending(TrainingRun run) {
        return run.state() == TrainingState.FINISHED && run.model().isPresent() && run.modelVersions().isEmpty();
    }

    /** Puts the published version behind the task's {@code serve:} of the project's roro.yml. */
    static void serve(Path project, TrainResult result, Platform platform, Lineage lineage, Consumer<String> out) {
        ProjectSpec spec;
        try {
            spec = ProjectSpecReader.read(project);
        } catch (SpecException e) {
            out.accept("not served: " + e.getMessage());
            return;
        }
        TrainingRun run = result.training();
        ServeAfterTraining.serve(spec, run.task(), result.version().orElseThrow(), platform, lineage,
                () -> run.buildVersion().flatMap(lineage.projects()::buildVersion).orElseThrow(() ->
                        new IllegalStateException("training " + run.id() + " names no build to serve with")),
                LineageAccess.origin(List.of("train", "status", run.id(), "--wait", "--serve")), out);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the training", e);
        }
    }
}
