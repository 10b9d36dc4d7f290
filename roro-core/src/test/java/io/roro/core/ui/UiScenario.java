package io.roro.core.ui;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.SpecException;
import io.roro.core.testing.LineageFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store as the real publish code fills it: a model with three versions trained with different params (one with
 * markup in its params and metrics), one of them live on a service, and a training still running.
 */
final class UiScenario {
    static final String SCRIPT = "<script>alert('x')</script>";
    final Lineage lineage;
    final BuildVersion build;
    final ModelVersion v1;
    final ModelVersion v2;
    final ModelVersion v3;
    final TrainingRun running;

    UiScenario(Lineage lineage, Path dir) throws IOException, SpecException {
        this.lineage = lineage;
        LineageFixtures.model(lineage, "credit-model");
        // registered as every command does, with a scheduled task (what the project page lists with its next runs)
        io.roro.core.lineage.ProjectRegistration.register(io.roro.core.spec.ProjectSpecReader.parse("""
                project: credit-risk
                services:
                  - {name: default, function: predict.predict, model: credit-model}
                  - {name: scoring, function: predict.predict, model: credit-model}
                tasks:
                  - {name: retrain, command: python3 train.py, when: every day at 10:00 AM, timezone: Europe/Berlin,
                     model: credit-model, serve: default}
                models:
                  - name: credit-model
                """, "roro.yml"), Optional.empty(), lineage, LineageFixtures.ORIGIN);
        build = LineageFixtures.build(lineage, "b1", "1111111111111111");
        v1 = publish(dir, "v1", Map.of("max_depth", 3), Map.of("auc", 0.71, "rows", 1000));
        v2 = publish(dir, "v2", Map.of("max_depth", 5), Map.of("auc", 0.93, "rows", 1000));
        v3 = publish(dir, "v3", Map.of("max_depth", 4, "note", SCRIPT), Map.of("auc", 0.82, "comment", SCRIPT));
        lineage.deployments().record(new DeploymentChange("credit-risk", "default", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v1.id()), Optional.of(build.id()), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9000/"), Optional.empty(), LineageFixtures.ORIGIN));
        lineage.deployments().record(new DeploymentChange("credit-risk", "default", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v2.id()), Optional.of(build.id()), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9000/"), Optional.empty(), LineageFixtures.ORIGIN));
        // a second service with a canary beside its live version
        lineage.deployments().record(new DeploymentChange("credit-risk", "scoring", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v2.id()), Optional.of(build.id()), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9001/"), Optional.empty(), LineageFixtures.ORIGIN));
        lineage.deployments().record(new DeploymentChange("credit-risk", "scoring",
                DeploymentEventType.CANARY_STARTED, DeploymentState.RUNNING, Optional.of(v2.id()),
                Optional.of(build.id()), 1, "small", "docker", Optional.of("http://127.0.0.1:9001/"),
                Optional.empty(), LineageFixtures.ORIGIN, Optional.of(new Candidate(
                        Candidate.Mode.CANARY, Optional.of(v3.id()), Optional.of(build.id()), 10,
                        Optional.empty()))));
        running = training(Map.of("max_depth", 6));
        lineage.trainings().startTraining(running.id());
        lineage.trainings().reportProgress(running.id(), 0.3, Map.of());
    }

    private ModelVersion publish(Path dir, String name, Map<String, Object> params, Map<String, Object> metrics)
            throws IOException {
        TrainingRun t = training(params);
        lineage.trainings().startTraining(t.id());
        lineage.trainings().finishTraining(t.id(), metrics);
        Path out = LineageFixtures.modelDir(dir, name, Map.of("model.pkl", "weights of " + name));
        return ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withTraining(t.id()));
    }

    /** A training that failed, as many as a project page pages through. */
    TrainingRun failedTraining() {
        TrainingRun t = training(Map.of());
        lineage.trainings().startTraining(t.id());
        return lineage.trainings().failTraining(t.id(), "exit code 1");
    }

    private TrainingRun training(Map<String, Object> params) {
        String name = lineage.trainings().allocateTrainingName("credit-risk", "retrain");
        Instant now = Instant.now();
        TrainingRun run = new TrainingRun("credit-risk", name, "retrain", Optional.of(build.id()),
                Optional.of("python3 train.py"), Optional.empty(), params, "small", Optional.of("credit-model"),
                Optional.empty(), TrainingState.WAITING, 0, Map.of(), Optional.empty(), now, Optional.empty(), now,
                Optional.empty(), List.of(), LineageFixtures.ORIGIN);
        return lineage.trainings().createTraining(run);
    }
}
