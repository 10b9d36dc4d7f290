package io.roro.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.contract.TrainingState;
import io.roro.core.platform.TrainingExit;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.testing.FakePlatform;
import io.roro.core.testing.TestMongo;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations' own rules on an in-memory platform (milliseconds, nothing runs): what a training records and
 * publishes, that a serve records only what went live, that a failed start keeps the version before and says so,
 * what a rollback returns to, and that a secret a training reports is masked. What each real target does is
 * PlatformSuite's (Docker, local processes).
 */
class OperationsOnFakePlatformTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final Origin ORIGIN = Origin.of("test", "ops");

    @TempDir
    Path dir;
    private Lineage lineage;
    private FakePlatform platform;
    private ProjectSpec spec;
    private BuildVersion build;

    @BeforeEach
    void open() throws Exception {
        lineage = MONGO.newLineage();
        platform = new FakePlatform(() -> lineage, dir.resolve("work"));
        Files.writeString(dir.resolve("predict.py"), "def predict(x):\n    return x\n");
        Files.writeString(dir.resolve("train.py"), "print('train')\n");
        spec = ProjectSpecReader.parse("""
                project: ops
                services:
                  - {name: default, function: predict.predict, model: m}
                tasks:
                  - {name: retrain, command: python3 train.py, model: m}
                models: [m]
                """, "roro.yml");
        ProjectRegistration.register(spec, dir, lineage, ORIGIN);
        build = platform.builder().build(spec, dir, ORIGIN, line -> { });
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private ModelVersion train() {
        return new TrainOperation(platform, lineage).train(new TrainRequest(spec, dir, "retrain", Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { })
                .version().orElseThrow();
    }

    private void serve(String version) {
        new ServeOperation(platform, lineage).serve(new ServeRequest(spec, "default", Optional.of(version),
                Optional.empty(), build, Optional.empty(), ORIGIN), line -> { });
    }

    private Deployment deployment() {
        return lineage.deployments().deployment("ops", "default").orElseThrow();
    }

    @Test
    void aTrainingIsRecordedAndPublishedAndAServeRecordsWhatWentLive() {
        ModelVersion v1 = train();
        assertThat(v1.id()).isEqualTo("m:v1");
        assertThat(v1.metrics()).containsEntry("auc", 0.9);
        assertThat(lineage.trainings().training(v1.training().orElseThrow()).orElseThrow().state())
                .isEqualTo(TrainingState.FINISHED);

        serve(v1.id());
        assertThat(platform.running()).containsEntry("ops:default", new FakePlatform.Running("m:v1", build.id(), 1));
        assertThat(deployment().modelVersion()).contains("m:v1");
        assertThat(deployment().isLive()).isTrue();
        assertThat(platform.actions()).containsSubsequence("build ops", "train " + v1.training().orElseThrow(),
                "live ops:default m:v1");
    }

    @Test
    void aFailedStartKeepsTheVersionBeforeRecordsWhyAndARollbackReturnsToTheRevisionBefore() {
        ModelVersion v1 = train();
        ModelVersion v2 = train();
        ModelVersion v3 = train();
        serve(v1.id());
        serve(v2.id());
        platform.failing(v3.id());

        assertThatThrownBy(() -> serve(v3.id())).isInstanceOf(ServeException.class)
                .hasMessageContaining("m:v3 did not become healthy").hasMessageContaining("still serves m:v2");
        assertThat(platform.running().get("ops:default").version()).isEqualTo("m:v2");
        assertThat(deployment().modelVersion()).as("lineage says what runs").contains("m:v2");
        assertThat(lineage.deployments().timeline("ops", "default")).last()
                .satisfies(e -> assertThat(e.type()).isEqualTo(DeploymentEventType.ROLLED_BACK));

        new ServeOperation(platform, lineage).rollBackToPrevious(spec, "default", () -> build, false, ORIGIN,
                line -> { });
        assertThat(platform.running().get("ops:default").version()).isEqualTo("m:v1");
        assertThat(deployment().modelVersion()).contains("m:v1");
    }

    @Test
    void aFailedTrainingPublishesNothingAndASecretItReportsIsMasked() {
        platform.configVars("ops").set(Map.of("API_TOKEN", "s3cret-value"));
        platform.training((launch, output, lines) -> {
            lines.accept("roro:metrics {\"leaked\": \"s3cret-value\"}");
            return new TrainingExit(TrainingExit.Outcome.FAILED, "exit code 2", Optional.empty(),
                    Optional.of(TrainingExit.Log.of("boom s3cret-value\n")));
        });
        assertThatThrownBy(this::train).isInstanceOf(TrainingException.class).hasMessageContaining("exit code 2")
                .hasMessageNotContaining("s3cret-value");
        var failed = lineage.trainings().trainings("ops", Optional.empty(), 10).get(0);
        assertThat(failed.state()).isEqualTo(TrainingState.FAILED);
        assertThat(String.valueOf(failed.metrics())).doesNotContain("s3cret-value");
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), true, Optional.empty(), 10))
                .isEmpty();
        assertThat(platform.actions()).noneMatch(a -> a.startsWith("live"));
        assertThat(List.copyOf(platform.running().keySet())).isEmpty();
    }
}
