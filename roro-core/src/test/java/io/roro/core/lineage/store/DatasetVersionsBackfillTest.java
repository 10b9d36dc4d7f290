package io.roro.core.lineage.store;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.record.DatasetRef;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.VersionState;
import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A store written before datasets had versions keeps working: each named dataset becomes its own v1. */
class DatasetVersionsBackfillTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    private final Lineage lineage = MONGO.lineage();

    @Test
    void anOldNamedDatasetBecomesV1AndWhatReadItFollows() {
        var db = lineage.database().mongo();
        List<Document> files = List.of(ModelDocuments.of(new StoredFile("credit.csv", 3, "ab12", "artifact-1")));
        // as the release before versions wrote it: _id MODEL:NAME, no version
        db.getCollection(LineageDatabase.DATASETS).insertOne(new Document("_id", "m:credit-data")
                .append("schema", 1).append("created_at", new Date()).append("model", "m")
                .append("name", "credit-data").append("files", files).append("details", new Document())
                .append("archived", false).append("model_versions", List.of("m:v1")));
        LineageFixtures.model(lineage, "m");
        BuildVersion build = LineageFixtures.build(lineage, "b1", "1111111111111111");
        TrainingRun training = LineageFixtures.finishedTraining(lineage, build, Optional.of("m:credit-data"),
                Map.of());
        db.getCollection(LineageDatabase.MODEL_VERSIONS).insertOne(ModelDocuments.of(new ModelVersion("m", "v1",
                Optional.of(training.id()), Optional.of("m:credit-data"), Optional.of(build.id()), Optional.empty(),
                List.of(), Map.of(), Map.of(), Map.of(), VersionState.PUBLISHED, Instant.now(),
                LineageFixtures.ORIGIN)));
        db.getCollection(LineageDatabase.COUNTERS).deleteOne(new Document("_id", DatasetVersionsBackfill.MARKER));

        Lineage reopened = new Lineage(lineage.database());

        Dataset v1 = reopened.datasets().dataset("m:credit-data:v1").orElseThrow();
        assertThat(v1.files()).extracting(StoredFile::name).containsExactly("credit.csv");
        assertThat(reopened.datasets().dataset("m:credit-data")).isEmpty();
        assertThat(reopened.trainings().training(training.id()).orElseThrow().dataset()).contains("m:credit-data:v1");
        assertThat(reopened.models().modelVersion("m:v1").orElseThrow().dataset()).contains("m:credit-data:v1");
        assertThat(reopened.datasets().resolve(DatasetRef.parse("m:credit-data")).orElseThrow().id())
                .isEqualTo("m:credit-data:v1");
        assertThat(reopened.queries().downstreamOfDataset("m:credit-data:v1").nodes(LineageGraph.Kind.MODEL_VERSION))
                .extracting(LineageGraph.Node::key).containsExactly("m:v1");
        // new data under the old name is v2, not a clash with the old record
        Dataset v2 = reopened.datasets().publish(new Dataset("m", "credit-data", "", List.of(
                new StoredFile("credit.csv", 3, "cd34", "artifact-2")), Map.of(), false, Instant.now(),
                LineageFixtures.ORIGIN)).dataset();
        assertThat(v2.id()).isEqualTo("m:credit-data:v2");
        assertThat(reopened.datasets().datasets(Optional.of("m"), Optional.empty(), 10)).extracting(Dataset::id)
                .containsExactly("m:credit-data:v2", "m:credit-data:v1");
    }
}
