package io.roro.core.train;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.Platform;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.TaskSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a model version's training again as it was recorded: the same build (its image, so its code and base), the
 * same dataset version, parameters, task and profile. The result is published as a new version of the model that
 * records {@value #REPRODUCES} the original, and compared with it. What cannot be had again (the training, its
 * build, its dataset version, the task as it ran) is refused before anything runs, saying what is gone.
 */
public final class ReproduceOperation {
    /** The detail a reproduction's version carries: the id of the version it reproduces. */
    public static final String REPRODUCES = "reproduces";

    private final Platform platform;
    private final TrainOperation training;
    private final Lineage lineage;

    public ReproduceOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.training = new TrainOperation(platform, lineage);
        this.lineage = lineage;
    }

    /** @param tolerance how far a metric may differ, relative to the original's (absolute below 1) */
    public Reproduction reproduce(ProjectSpec spec, Path projectDir, String versionId, double tolerance,
            Origin origin, Consumer<String> log) {
        ModelVersion original = lineage.models().modelVersion(versionId).orElseThrow(() ->
                new TrainingException("no model version " + versionId));
        TrainingRun run = original.training().flatMap(id -> lineage.trainings().training(id)).orElseThrow(() ->
                new TrainingException(versionId + " was published as it was given (roro publish), not by a"
                        + " training: there is nothing to run again"));
        if (!run.project().equals(spec.project())) {
            throw new TrainingException(versionId + " was trained by project " + run.project() + ", not "
                    + spec.project() + ": run this in " + run.project() + "'s directory");
        }
        BuildVersion build = run.buildVersion().flatMap(id -> lineage.projects().buildVersion(id)).orElseThrow(() ->
                new TrainingException("the build " + run.buildVersion().orElse("(none)") + " that trained "
                        + versionId + " is not recorded: its image cannot be named"));
        platform.trainings().imageProblem(build).ifPresent(problem -> {
            throw new TrainingException("cannot run " + versionId + "'s training again as it was: build "
                    + build.id() + ": " + problem);
        });
        TaskSpec task = spec.task(run.task()).orElseThrow(() -> new TrainingException("task " + run.task()
                + " that trained " + versionId + " is no longer in roro.yml"));
        if (!task.command().equals(run.command()) || !task.notebook().equals(run.notebook())) {
            throw new TrainingException("task " + run.task() + " changed since " + versionId + " was trained: it ran "
                    + run.command().or(run::notebook).orElse("(nothing)") + ", roro.yml now says "
                    + task.command().or(task::notebook).orElse("(nothing)"));
        }
        Optional<String> dataset = original.dataset();
        if (dataset.isPresent()) {
            Dataset read = lineage.datasets().dataset(dataset.get()).orElseThrow(() -> new TrainingException(
                    "dataset " + dataset.get() + " that " + versionId + " was trained on is gone"));
            if (read.archived()) {
                throw new TrainingException("dataset " + read.id() + " that " + versionId + " was trained on is"
                        + " archived");
            }
        }
        log.accept("reproducing " + versionId + ": task " + run.task() + " on build " + build.id()
                + dataset.map(d -> ", dataset " + d).orElse("") + ", params " + run.params());
        TrainResult result = training.train(new TrainRequest(spec, projectDir, run.task(), run.params(), dataset,
                Optional.of(run.profile()), original.pretrained(), build, origin, true,
                Map.of(REPRODUCES, original.id())), log);
        ModelVersion reproduction = result.version().orElseThrow(() -> new TrainingException("the reproduction "
                + result.training().id() + " trained but published nothing"
                + result.publishError().map(e -> ": " + e).orElse("")));
        return Reproduction.of(original, reproduction, tolerance);
    }
}
