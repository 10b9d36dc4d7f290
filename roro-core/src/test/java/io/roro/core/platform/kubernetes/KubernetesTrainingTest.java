package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import io.roro.core.train.TrainOperation;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainResult;
import io.roro.core.train.TrainingRecords;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A training as a Job, followed into lineage; the mock API server stands in for the cluster's Job controller. */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesTrainingTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    private Lineage lineage;
    private TrainOperation training;
    private BuildVersion build;

    @BeforeEach
    void start() throws Exception {
        lineage = MONGO.newLineage();
        ProjectRegistration.register(Fixtures.spec(), dir, lineage, LineageFixtures.ORIGIN);
        ModelPublisher.of(lineage).publishDataset("credit-model", "credit-data",
                LineageFixtures.modelDir(dir, "data", Map.of("credit.csv", "a,b\n")), Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE);
        build = LineageFixtures.build(lineage, "abc", "abc0123456789");
        training = new TrainOperation(Fixtures.platform(client, lineage, dir, 1), lineage);
    }

    @AfterEach
    void stop() {
        lineage.close();
    }

    private String startRetrain() {
        return training.start(new TrainRequest(Fixtures.spec(), dir, "retrain", Map.of("n_estimators", 7),
                Optional.empty(), Optional.empty(), Optional.empty(), build, LineageFixtures.ORIGIN, true),
                line -> { }).trainingId();
    }

    private Optional<TrainingRun> poll(String id) {
        return training.poll(id, line -> { }).map(TrainResult::training);
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace("ml").withName(name).get();
    }

    @Test
    void theJobRecordsItsEndAndPublishes() throws Exception {
        String id = startRetrain();
        assertThat(lineage.trainings().training(id).orElseThrow().state()).isEqualTo(TrainingState.RUNNING);
        Job job = job("roro-train-credit-risk-retrain-1");
        assertThat(job.getSpec().getTemplate().getSpec().getInitContainers()).extracting(c -> c.getName())
                .containsExactly("fetch-data", "train");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("train", "finish", "credit-risk:retrain-1", "--output", "/output");
        assertThat(poll(id)).isEmpty();

        // what the Job's last container does (roro train finish), then the Job completes
        Path output = LineageFixtures.modelDir(dir, "output", Map.of("model.pkl", "w",
                "metrics.json", "{\"auc\": 0.8, \"rows\": 100}"));
        assertThat(TrainingRecords.metricsFile(output)).containsEntry("auc", 0.8).containsEntry("rows", 100);
        TrainResult finished = TrainingRecords.finish(lineage, id, TrainingRecords.metricsFile(output), output,
                Optional.empty(), true, LineageFixtures.ORIGIN, line -> { });
        job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
        client.resource(job).inNamespace("ml").updateStatus();

        TrainingRun run = poll(id).orElseThrow();
        assertThat(run.state()).isEqualTo(TrainingState.FINISHED);
        assertThat(run.metrics()).containsEntry("auc", 0.8);
        assertThat(finished.version().orElseThrow().dataset()).contains("credit-model:credit-data:v1");
        assertThat(finished.version().orElseThrow().training()).contains(id);
    }

    @Test
    void aFailedJobFailsTheTrainingWithKubernetesReason() {
        String id = startRetrain();
        Job job = job("roro-train-credit-risk-retrain-1");
        job.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder().withType("Failed")
                .withStatus("True").withReason("BackoffLimitExceeded").withMessage("Job has reached the specified"
                        + " backoff limit").build()).build());
        client.resource(job).inNamespace("ml").updateStatus();
        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
                .withName("roro-train-credit-risk-retrain-1-x").addToLabels("job-name",
                        "roro-train-credit-risk-retrain-1").endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
        TrainingRun run = poll(id).orElseThrow();
        assertThat(run.state()).isEqualTo(TrainingState.FAILED);
        assertThat(run.reason()).contains("BackoffLimitExceeded: Job has reached the specified backoff limit");
        Document raw = lineage.database().mongo().getCollection("trainings")
                .find(new Document("_id", id)).first();
        assertThat(raw.get("log", Document.class)).as("the pod's log is stored with the training")
                .isNotNull();
        assertThat(poll(id).orElseThrow().state()).isEqualTo(TrainingState.FAILED);
    }
}
