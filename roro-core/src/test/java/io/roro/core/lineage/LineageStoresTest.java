package io.roro.core.lineage;

import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.contract.VersionState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.spec.ModelSpec;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageStoresTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    private final Lineage lineage = MONGO.lineage(); // this test's own database, closed after it

    @Test
    void recordsRoundTripThroughTheirDocuments() {
        BuildVersion build = LineageFixtures.build(lineage, "abc123", "abc123def4567890");
        assertThat(lineage.projects().buildVersion(build.id())).contains(truncated(build));

        ModelRecord model = LineageFixtures.model(lineage, "credit-model", new ModelSpec.ModelFile("model.pkl", true, 64));
        assertThat(lineage.models().model("credit-model").orElseThrow().files()).isEqualTo(model.files());

        TrainingRun run = LineageFixtures.finishedTraining(lineage, build, Optional.empty(), Map.of("auc", 0.91));
        TrainingRun read = lineage.trainings().training(run.id()).orElseThrow();
        assertThat(read.state()).isEqualTo(TrainingState.FINISHED);
        assertThat(read.progress()).isEqualTo(1.0);
        assertThat(read.metrics()).containsEntry("auc", 0.91);
        assertThat(read.params()).containsEntry("max_depth", 3);
        assertThat(read.buildVersion()).contains(build.id());
        assertThat(read.startedAt()).isPresent();
        assertThat(read.finishedAt()).isPresent();
    }

    private static BuildVersion truncated(BuildVersion b) {
        // MongoDB stores milliseconds
        return new BuildVersion(b.project(), b.tag(), b.image(), b.imageId(), b.git(), b.builtFrom(),
                b.builtAt().truncatedTo(ChronoUnit.MILLIS), b.origin());
    }

    /** A second project declaring a model of the same name is refused: it would join the first's version series. */
    @Test
    void aModelNameBelongsToTheProjectThatDeclaredItFirst() {
        ModelSpec spec = new ModelSpec("credit-model", "theirs", List.of(new ModelSpec.ModelFile("model.pkl", true,
                64)));
        lineage.models().upsertModel(ModelRecord.of(spec, Optional.of("credit-risk"), LineageFixtures.ORIGIN));
        assertThatThrownBy(() -> lineage.models().upsertModel(ModelRecord.of(spec, Optional.of("fraud"),
                LineageFixtures.ORIGIN))).isInstanceOf(LineageException.class)
                .hasMessageContaining("model credit-model belongs to project credit-risk; project fraud declares a"
                        + " model of that name too").hasMessageContaining("fraud-credit-model");
        assertThat(lineage.models().model("credit-model").orElseThrow().project()).contains("credit-risk");
        // the project that owns it registers it again (every deploy does), and a model of no project is claimed
        lineage.models().upsertModel(ModelRecord.of(spec, Optional.of("credit-risk"), LineageFixtures.ORIGIN));
        ModelSpec loose = new ModelSpec("loose-model", "", List.of());
        lineage.models().upsertModel(ModelRecord.of(loose, Optional.empty(), LineageFixtures.ORIGIN));
        lineage.models().upsertModel(ModelRecord.of(loose, Optional.of("fraud"), LineageFixtures.ORIGIN));
        assertThat(lineage.models().model("loose-model").orElseThrow().project()).contains("fraud");
    }

    @Test
    void everyDocumentCarriesSchemaVersionAndOrigin() {
        BuildVersion build = LineageFixtures.build(lineage, "t1", "c1");
        Document raw = lineage.database().mongo().getCollection("build_versions").find(new Document("_id", build.id()))
                .first();
        assertThat(raw.getInteger("schema")).isEqualTo(1);
        assertThat(raw.get("origin", Document.class).getString("user")).isEqualTo("tester");
        assertThat(raw.get("git", Document.class).getString("commit")).isEqualTo("c1");
    }

    @Test
    void aRebuildOfTheSameTagReturnsTheExistingBuild() {
        BuildVersion first = LineageFixtures.build(lineage, "same", "c1");
        BuildVersion again = LineageFixtures.build(lineage, "same", "c1");
        assertThat(again.builtAt()).isEqualTo(first.builtAt().truncatedTo(ChronoUnit.MILLIS));
        assertThatThrownBy(() -> lineage.projects().recordBuild(new BuildVersion("credit-risk", "same", "img", "sha256:other",
                Optional.empty(), "local", Instant.now(), LineageFixtures.ORIGIN)))
                .isInstanceOf(LineageException.class).hasMessageContaining("a tag names one image");
    }

    @Test
    void uniqueNaturalKeysAreEnforcedByTheDatabase() {
        var versions = lineage.database().mongo().getCollection("model_versions");
        versions.insertOne(new Document("_id", "a").append("model", "m").append("version", "v1"));
        assertThatThrownBy(() -> versions.insertOne(new Document("_id", "b").append("model", "m")
                .append("version", "v1"))).hasMessageContaining("duplicate key");
        var deployments = lineage.database().mongo().getCollection("deployments");
        deployments.insertOne(new Document("_id", "x").append("project", "p").append("service", "s"));
        assertThatThrownBy(() -> deployments.insertOne(new Document("_id", "y").append("project", "p")
                .append("service", "s"))).hasMessageContaining("duplicate key");
    }

    @Test
    void trainingStatesOnlyMoveForward() {
        BuildVersion build = LineageFixtures.build(lineage, "t", "c");
        TrainingRun run = LineageFixtures.finishedTraining(lineage, build, Optional.empty(), Map.of());
        assertThatThrownBy(() -> lineage.trainings().failTraining(run.id(), "late failure"))
                .isInstanceOf(LineageException.class)
                .hasMessage("training " + run.id() + " is FINISHED; it cannot become FAILED");
        assertThatThrownBy(() -> lineage.trainings().startTraining(run.id())).hasMessageContaining("is FINISHED");
        assertThatThrownBy(() -> lineage.trainings().startTraining("credit-risk:nope")).hasMessage("no training credit-risk:nope");
    }

    @Test
    void progressIsRecordedWhileRunningAndIgnoredAfterwards() {
        String name = lineage.trainings().allocateTrainingName("credit-risk", "retrain");
        Instant now = Instant.now();
        TrainingRun run = lineage.trainings().createTraining(new TrainingRun("credit-risk", name, "retrain", Optional.empty(),
                Optional.of("x"), Optional.empty(), Map.of(), "default", Optional.empty(), Optional.empty(),
                TrainingState.WAITING, 0, Map.of(), Optional.empty(), now, Optional.empty(), now, Optional.empty(),
                List.of(), LineageFixtures.ORIGIN));
        lineage.trainings().startTraining(run.id());
        lineage.trainings().reportProgress(run.id(), 0.4, Map.of("loss", 0.7));
        assertThat(lineage.trainings().training(run.id()).orElseThrow().progress()).isEqualTo(0.4);
        assertThat(lineage.trainings().training(run.id()).orElseThrow().metrics()).containsEntry("loss", 0.7);
        TrainingRun failed = lineage.trainings().failTraining(run.id(), "exit code 1");
        assertThat(failed.state()).isEqualTo(TrainingState.FAILED);
        assertThat(failed.reason()).contains("exit code 1");
        lineage.trainings().reportProgress(run.id(), 0.9, Map.of());
        assertThat(lineage.trainings().training(run.id()).orElseThrow().progress()).isEqualTo(0.4);
    }

    @Test
    void trainingNamesAreAllocatedPerTask() {
        assertThat(lineage.trainings().allocateTrainingName("p", "retrain")).isEqualTo("retrain-1");
        assertThat(lineage.trainings().allocateTrainingName("p", "retrain")).isEqualTo("retrain-2");
        assertThat(lineage.trainings().allocateTrainingName("p", "other")).isEqualTo("other-1");
        assertThat(lineage.trainings().allocateTrainingName("q", "retrain")).isEqualTo("retrain-1");
    }

    @Test
    void archivingAVersionHidesItButKeepsItResolvable() {
        LineageFixtures.model(lineage, "m");
        ModelVersion v1 = lineage.models().insertVersion(version("m", "v1"));
        lineage.models().insertVersion(version("m", "v2"));
        lineage.models().archiveVersion(v1.id(), List.of());
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), false, Optional.empty(), 100)).extracting(ModelVersion::version)
                .containsExactly("v2");
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), true, Optional.empty(), 100)).hasSize(2);
        assertThat(lineage.models().modelVersion(v1.id()).orElseThrow().state()).isEqualTo(VersionState.ARCHIVED);
        assertThatThrownBy(() -> lineage.models().archiveVersion("m:v2", List.of("credit-risk:default")))
                .hasMessageContaining("is live on credit-risk:default");
    }

    @Test
    void versionsCanBeFilteredWithAMongoQuery() {
        LineageFixtures.model(lineage, "m");
        lineage.models().insertVersion(version("m", "v1", Map.of("auc", 0.7)));
        lineage.models().insertVersion(version("m", "v2", Map.of("auc", 0.9)));
        List<ModelVersion> good = lineage.models().versions(Optional.of("m"), Document.parse("{\"metrics.auc\": {\"$gt\": 0.8}}"),
                false, Optional.empty(), 10);
        assertThat(good).extracting(ModelVersion::version).containsExactly("v2");
    }

    @Test
    void aPublishedVersionCannotBeReplaced() {
        lineage.models().insertVersion(version("m", "v1"));
        assertThatThrownBy(() -> lineage.models().insertVersion(version("m", "v1")))
                .hasMessage("model version m:v1 already exists; versions are immutable");
    }

    static ModelVersion version(String model, String name) {
        return version(model, name, Map.of());
    }

    static ModelVersion version(String model, String name, Map<String, Object> metrics) {
        return new ModelVersion(model, name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new StoredFile("model.pkl", 3, "ab", "000000000000000000000000")), metrics, Map.of(),
                Map.of(), VersionState.PUBLISHED, Instant.now(), LineageFixtures.ORIGIN);
    }
}
