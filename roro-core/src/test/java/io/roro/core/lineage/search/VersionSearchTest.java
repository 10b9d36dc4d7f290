package io.roro.core.lineage.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.database.FilterException;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * One search of versions for the command line, the UI and the API: params, metrics, datasets, times; run on both
 * kinds of store (the embedded file, matched by roro; a MongoDB server, matched by the server); what a user writes
 * wrong is refused with its column, and nothing of it reaches the store as a query of its own.
 */
class VersionSearchTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    @TempDir
    static Path dir;

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("embedded file", (Supplier<Lineage>) () -> Lineage.open(
                LineageConfig.embedded(dir.resolve("search-" + System.nanoTime() + "/lineage.mv")))),
                Arguments.of("MongoDB server", (Supplier<Lineage>) MONGO::newLineage));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void paramsMetricsDatasetsAndTimesAreSearched(String store, Supplier<Lineage> open) throws Exception {
        try (Lineage lineage = open.get()) {
            LineageFixtures.model(lineage, "credit-model");
            BuildVersion build = LineageFixtures.build(lineage, "b1", "1111111111111111");
            Path base = dir.resolve(store.replace(' ', '-') + System.nanoTime());
            Dataset v1data = ModelPublisher.of(lineage).publishDataset("credit-model", "credit-data",
                    LineageFixtures.modelDir(base, "d1", Map.of("a.csv", "1")), Map.of(), LineageFixtures.ORIGIN,
                    ArtifactStore.Progress.NONE).dataset();
            ModelPublisher.of(lineage).publishDataset("credit-model", "credit-data",
                    LineageFixtures.modelDir(base, "d2", Map.of("a.csv", "2")), Map.of(), LineageFixtures.ORIGIN,
                    ArtifactStore.Progress.NONE);
            ModelVersion shallow = version(lineage, base, build, "a", Map.of("max_depth", 3, "solver", "lbfgs"),
                    Map.of("auc", 0.71), "credit-data:v1");
            ModelVersion deep = version(lineage, base, build, "b", Map.of("max_depth", 5, "solver", "saga"),
                    Map.of("auc", 0.93), "credit-data:v2");
            ModelVersion noAuc = version(lineage, base, build, "c", Map.of("max_depth", 3.0), Map.of("rows", 10),
                    "credit-data:v2");

            assertThat(search(lineage, "metrics.auc > 0.7")).containsExactly(deep.id(), shallow.id());
            assertThat(search(lineage, "metrics.auc >= 0.9 and params.max_depth = 5")).containsExactly(deep.id());
            assertThat(search(lineage, "params.max_depth = 3")).as("3 and 3.0 alike")
                    .containsExactly(noAuc.id(), shallow.id());
            assertThat(search(lineage, "params.solver = 'saga'")).containsExactly(deep.id());
            assertThat(search(lineage, "params.solver != saga and params.max_depth < 4"))
                    .containsExactly(noAuc.id(), shallow.id());
            assertThat(search(lineage, "dataset = credit-data:v2")).containsExactly(noAuc.id(), deep.id());
            assertThat(search(lineage, "dataset = " + v1data.id())).containsExactly(shallow.id());
            assertThat(search(lineage, "dataset = credit-data")).as("any version of it").hasSize(3);
            assertThat(search(lineage, "created > 2001-01-01 and created <= " + Instant.now().plusSeconds(60)))
                    .hasSize(3);
            assertThat(search(lineage, "created > 2999-01-01T00:00:00Z")).isEmpty();
            assertThat(search(lineage, "version = v2 AND state = published")).containsExactly(deep.id());
            assertThat(search(lineage, "training = " + shallow.training().orElseThrow())).containsExactly(
                    shallow.id());
            assertThat(search(lineage, "build = b1")).hasSize(3);
            lineage.notes().tag(deep.id(), Map.of("reviewed", "yes", "team", "risk"), List.of(),
                    LineageFixtures.ORIGIN);
            lineage.notes().tag(shallow.id(), Map.of("team", "risk"), List.of(), LineageFixtures.ORIGIN);
            assertThat(lineage.models().versions(Optional.of("credit-model"), VersionSearch.filter(
                    "tags.team = risk and tags.reviewed != yes", lineage.notes()::tagged), false, Optional.empty(),
                    100)).extracting(ModelVersion::id).containsExactly(shallow.id());
        }
    }

    @Test
    void aMistakeIsRefusedWithItsColumn() {
        assertThatThrownBy(() -> VersionSearch.filter("metrics.auc >> 0.8")).isInstanceOf(FilterException.class)
                .hasMessageStartingWith("search column 14 at '>'");
        assertThatThrownBy(() -> VersionSearch.filter("metrics.auc > 0.8 and")).hasMessageContaining("at the end");
        assertThatThrownBy(() -> VersionSearch.filter("colour = red")).hasMessageStartingWith("search column 1:"
                + " no field 'colour'").hasMessageContaining("metrics.NAME, params.NAME");
        assertThatThrownBy(() -> VersionSearch.filter("metrics.auc > high")).hasMessageContaining(
                "> compares numbers or times, not 'high'");
        assertThatThrownBy(() -> VersionSearch.filter("created > yesterday")).hasMessageContaining(
                "created is compared with a time such as 2026-12-01");
        assertThatThrownBy(() -> VersionSearch.filter("tags.team > a", (k, v) -> List.of())).hasMessageContaining(
                "a tag is compared with = or !=");
        assertThatThrownBy(() -> VersionSearch.filter("dataset > x")).hasMessageContaining(
                "dataset is compared with = or !=");
        assertThatThrownBy(() -> VersionSearch.filter("{\"$where\": \"sleep(1000)\"}")).hasMessageContaining(
                "not as a JSON query");
        assertThatThrownBy(() -> VersionSearch.filter("metrics.auc > 0.8; drop")).hasMessageContaining(
                "search column 18");
        // a value is only ever a value: operators a store would run are text here
        assertThat(VersionSearch.filter("params.solver = '$where'").toJson()).contains("\"$where\"")
                .doesNotContain("\"$where\":");
    }

    private static ModelVersion version(Lineage lineage, Path base, BuildVersion build, String name,
            Map<String, Object> params, Map<String, Object> metrics, String dataset) throws Exception {
        String training = lineage.trainings().allocateTrainingName("credit-risk", "retrain");
        Instant now = Instant.now();
        TrainingRun run = lineage.trainings().createTraining(new TrainingRun("credit-risk", training, "retrain",
                Optional.of(build.id()), Optional.of("python3 train.py"), Optional.empty(), params, "small",
                Optional.of("credit-model"), Optional.empty(), TrainingState.WAITING, 0, Map.of(), Optional.empty(),
                now, Optional.empty(), now, Optional.empty(), List.of(), LineageFixtures.ORIGIN));
        lineage.trainings().startTraining(run.id());
        lineage.trainings().finishTraining(run.id(), metrics);
        return ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model",
                LineageFixtures.modelDir(base, name, Map.of("model.pkl", name)), LineageFixtures.ORIGIN)
                .withTraining(run.id()).withDataset(dataset));
    }

    private static List<String> search(Lineage lineage, String text) {
        return lineage.models().versions(Optional.of("credit-model"), VersionSearch.filter(text), false,
                Optional.empty(), 100).stream().map(ModelVersion::id).toList();
    }
}
