package io.roro.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.lineage.VersionComparison;
import io.roro.core.spec.ModelSpec.ModelFile;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ModelPublisherTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    @TempDir
    Path dir;
    private Lineage lineage;
    private ModelPublisher publisher;

    @BeforeEach
    void open() {
        lineage = MONGO.newLineage();
        publisher = ModelPublisher.of(lineage);
        LineageFixtures.model(lineage, "credit-model", new ModelFile("model.pkl", true, 1),
                new ModelFile("metrics.json", false, 1));
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private long artifactCount() {
        return lineage.database().mongo().getCollection("artifacts.files").countDocuments();
    }

    @Test
    void publishesWithLinksToTrainingDatasetBuildAndCommit() throws IOException {
        Dataset data = publisher.publishDataset("credit-model", "credit-data",
                LineageFixtures.modelDir(dir, "data", Map.of("credit.csv", "a,b\n1,2\n")), Map.of("rows", 1),
                LineageFixtures.ORIGIN, ArtifactStore.Progress.NONE).dataset();
        BuildVersion build = LineageFixtures.build(lineage, "abc", "abc0123456789");
        TrainingRun training = LineageFixtures.finishedTraining(lineage, build, Optional.of(data.id()),
                Map.of("auc", 0.88));
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "weights", "metrics.json", "{}"));

        ModelVersion v = publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withTraining(training.id()).withDataset("credit-data").withDetails(Map.of("note", "first")));

        assertThat(v.version()).isEqualTo("v1");
        assertThat(v.training()).contains(training.id());
        assertThat(v.dataset()).contains("credit-model:credit-data:v1");
        assertThat(v.buildVersion()).contains(build.id());
        assertThat(v.metrics()).containsEntry("auc", 0.88);
        assertThat(v.files()).extracting(f -> f.name()).containsExactly("metrics.json", "model.pkl");
        @SuppressWarnings("unchecked")
        Map<String, Object> buildSnapshot = (Map<String, Object>) v.snapshot().get("build");
        assertThat(buildSnapshot).containsEntry("git_commit", "abc0123456789");
        // compared, a commit is git's short form: four full ones made the compare page 1848 px wide
        assertThat(VersionComparison.of(List.of(v, v)).rows())
                .filteredOn(r -> r.field().equals("git commit")).singleElement()
                .satisfies(r -> assertThat(r.values()).containsOnly("abc012345678"));

        var graph = lineage.queries().upstreamOfVersion(v.id());
        assertThat(graph.renderTree()).isEqualTo("""
                model version credit-model:v1 {auc=0.88}
                ├─ trained by: training credit-risk:retrain-1 [FINISHED] task retrain params {max_depth=3}
                │  └─ ran image: build credit-risk:abc image roro/credit-risk:abc
                │     └─ source: git abc012345678 on main of https://git.example.com/credit.git
                └─ trained on: dataset credit-model:credit-data:v1
                """);
        Path back = dir.resolve("back/model.pkl");
        lineage.artifacts().get(new ArtifactRef(v.file("model.pkl").orElseThrow().artifactId(),
                "model.pkl", 7, v.file("model.pkl").orElseThrow().sha256()), back);
        assertThat(Files.readString(back)).isEqualTo("weights");
    }

    @Test
    void missingRequiredFileIsRefusedBeforeAnythingIsStored() throws IOException {
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("metrics.json", "{}"));
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)))
                .isInstanceOf(PublishException.class)
                .hasMessage("cannot publish " + out + " as model credit-model: required file model.pkl is missing");
        assertThat(artifactCount()).isZero();
        assertThat(lineage.models().versions(Optional.empty(), new Document(), true, Optional.empty(), 10)).isEmpty();
    }

    @Test
    void oversizedFileIsRefusedBeforeAnythingIsStored() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        try (RandomAccessFile f = new RandomAccessFile(out.resolve("model.pkl").toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024);
        }
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)))
                .hasMessageContaining("model.pkl is 3.0 MB, over its limit of 1 MB");
        assertThat(artifactCount()).isZero();
    }

    @Test
    void unknownReferencesAndUnfinishedTrainingsAreRefused() throws IOException {
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("nope", out, LineageFixtures.ORIGIN)))
                .hasMessageStartingWith("unknown model 'nope'; known models: credit-model");
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withDataset("missing"))).hasMessage("unknown dataset credit-model:missing");
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withTraining("credit-risk:ghost-1"))).hasMessage("unknown training credit-risk:ghost-1");
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withVersion("V 1"))).hasMessageContaining("is not a valid version name");
        assertThat(artifactCount()).isZero();
    }

    @Test
    void directoriesAndLinksInTheOutputAreRefused() throws IOException {
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        Files.createDirectory(out.resolve("checkpoints"));
        Files.createSymbolicLink(out.resolve("link.pkl"), out.resolve("model.pkl"));
        assertThatThrownBy(() -> publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)))
                .hasMessageContaining("checkpoints/ is a directory").hasMessageContaining("link.pkl is a symbolic link");
    }

    @Test
    void concurrentPublishesGetDistinctVersions() throws Exception {
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        int threads = 8;
        int each = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                List<String> versions = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    versions.add(publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN))
                            .version());
                }
                return versions;
            }));
        }
        start.countDown();
        Set<String> all = new HashSet<>();
        for (Future<List<String>> result : results) {
            all.addAll(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).hasSize(threads * each);
        assertThat(lineage.models().versions(Optional.of("credit-model"), new Document(), true, Optional.empty(), 1000))
                .hasSize(threads * each);
    }

    @Test
    void concurrentPublishesOfOneNameHaveExactlyOneWinner() throws Exception {
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    return publisher.publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                            .withVersion("champion")).id();
                } catch (PublishException e) {
                    return "refused: " + e.getMessage();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
        for (Future<String> result : results) {
            outcomes.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(outcomes).filteredOn(o -> o.equals("credit-model:champion")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o.startsWith("refused: ")).hasSize(threads - 1)
                .allSatisfy(o -> assertThat(o).contains("credit-model:champion already exists"));
        // the losers' uploads were removed: one version's files remain
        assertThat(artifactCount()).isEqualTo(1);
    }

    @Test
    void newDataUnderADatasetsNameIsItsNextVersionAndTheSameDataIsNoNewVersion() throws IOException {
        Path data = LineageFixtures.modelDir(dir, "data", Map.of("credit.csv", "1"));
        DatasetStore.Published first = publisher.publishDataset("credit-model", "d1", data, Map.of(),
                LineageFixtures.ORIGIN, ArtifactStore.Progress.NONE);
        DatasetStore.Published again = publisher.publishDataset("credit-model", "d1", data, Map.of(),
                LineageFixtures.ORIGIN, ArtifactStore.Progress.NONE);
        assertThat(first.dataset().id()).isEqualTo("credit-model:d1:v1");
        assertThat(first.unchanged()).isFalse();
        assertThat(again.unchanged()).isTrue();
        assertThat(again.dataset().id()).isEqualTo("credit-model:d1:v1");
        assertThat(artifactCount()).isEqualTo(1);

        Files.writeString(data.resolve("credit.csv"), "2");
        DatasetStore.Published second = publisher.publishDataset("credit-model", "d1", data, Map.of(),
                LineageFixtures.ORIGIN, ArtifactStore.Progress.NONE);
        assertThat(second.dataset().id()).isEqualTo("credit-model:d1:v2");
        assertThat(artifactCount()).isEqualTo(2);
        assertThat(lineage.datasets().resolve(DatasetRef.parse("credit-model:d1")).orElseThrow().id())
                .isEqualTo("credit-model:d1:v2");
        assertThat(lineage.datasets().resolve(DatasetRef.parse("d1:v1").orModel(Optional.of("credit-model")))
                .orElseThrow().files()).isEqualTo(first.dataset().files());

        // an archived newest version is not what "the newest" means, and the same data again is a new version
        lineage.datasets().archiveDataset("credit-model:d1:v2");
        assertThat(lineage.datasets().resolve(DatasetRef.parse("credit-model:d1")).orElseThrow().id())
                .isEqualTo("credit-model:d1:v1");
        assertThat(publisher.publishDataset("credit-model", "d1", data, Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE).dataset().id()).isEqualTo("credit-model:d1:v3");
    }

    @Test
    void aDatasetNameThatReadsAsAVersionIsRefused() throws IOException {
        Path data = LineageFixtures.modelDir(dir, "data", Map.of("credit.csv", "1"));
        assertThatThrownBy(() -> publisher.publishDataset("credit-model", "v2", data, Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE)).hasMessageContaining("reads as a dataset version");
    }
}
