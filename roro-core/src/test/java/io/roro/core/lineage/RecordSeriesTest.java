package io.roro.core.lineage;

import io.roro.core.lineage.store.ModelDocuments;
import io.roro.core.lineage.database.FilterException;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.lineage.database.RecordSeries;
import io.roro.core.lineage.database.SeriesBackfill;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.VersionState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import io.roro.core.lineage.search.VersionSearch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Newest-first pages by key: what `roro versions`, `datasets`, `ps` and "latest" read. */
class RecordSeriesTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    private final Lineage lineage = MONGO.lineage(); // this test's own database, closed after it

    @Test
    void versionsComeNewestFirstInPagesThatNeitherRepeatNorSkip() {
        for (int i = 1; i <= 45; i++) {
            lineage.models().insertVersion(LineageStoresTest.version("m", "v" + i));
        }
        lineage.models().insertVersion(LineageStoresTest.version("other", "v1"));
        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            List<ModelVersion> page = lineage.models().versions(Optional.of("m"), new Document(), false, after, 20);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(v -> seen.add(v.version()));
            after = Optional.of(page.get(page.size() - 1).id());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 45; i >= 1; i--) {
            expected.add("v" + i);
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(lineage.models().versions(Optional.empty(), new Document(), false, Optional.empty(), 2))
                .extracting(ModelVersion::id).containsExactly("other:v1", "m:v45");
    }

    @Test
    void orderIsPublicationOrderNotNameOrder() {
        lineage.models().insertVersion(LineageStoresTest.version("m", "zeta"));
        lineage.models().insertVersion(LineageStoresTest.version("m", "alpha"));
        assertThat(lineage.models().latestVersion("m")).map(ModelVersion::version).contains("alpha");
    }

    @Test
    void archivedVersionsAreSkippedUnlessAskedAndAFilterReadsBackAsFarAsItMust() {
        lineage.models().insertVersion(LineageStoresTest.version("m", "v1", Map.of("auc", 0.95)));
        for (int i = 2; i <= 300; i++) {
            lineage.models().insertVersion(LineageStoresTest.version("m", "v" + i, Map.of("auc", 0.5)));
        }
        lineage.archiveVersion("m:v300");
        assertThat(lineage.models().latestVersion("m")).map(ModelVersion::version).contains("v299");
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), true, Optional.empty(), 1))
                .extracting(ModelVersion::version).containsExactly("v300");
        // the only match is the oldest version, 299 entries below the top: found through several batches
        assertThat(lineage.models().versions(Optional.of("m"), Document.parse("{\"metrics.auc\": {\"$gt\": 0.9}}"),
                false, Optional.empty(), 10)).extracting(ModelVersion::version).containsExactly("v1");
    }

    /**
     * A bounded search reads no more than it may per request and says where it stopped; reading on from there
     * finds what is older (a search matching only old versions read the whole registry before it answered).
     */
    @Test
    void aBoundedSearchStopsWhereItMayAndResumesThere() {
        for (int i = 1; i <= 1200; i++) {
            lineage.models().insertVersion(LineageStoresTest.version("m", "v" + i, Map.of("auc", i <= 3 ? 0.95
                    : 0.5)));
        }
        Document filter = VersionSearch.filter("metrics.auc > 0.9");
        SeriesPage<ModelVersion> first = lineage.models().search(Optional.of("m"), filter, false, Optional.empty(),
                OptionalLong.empty(), 10, 500);
        assertThat(first.items()).isEmpty();
        assertThat(first.resumeBelow()).hasValue(701);
        SeriesPage<ModelVersion> second = lineage.models().search(Optional.of("m"), filter, false, Optional.empty(),
                first.resumeBelow(), 10, 500);
        assertThat(second.items()).isEmpty();
        SeriesPage<ModelVersion> third = lineage.models().search(Optional.of("m"), filter, false, Optional.empty(),
                second.resumeBelow(), 10, 500);
        assertThat(third.items()).extracting(ModelVersion::version).containsExactly("v3", "v2", "v1");
        assertThat(third.resumeBelow()).as("read to the end").isEmpty();
        // a page that fills up says nothing: the next page goes on after its last version
        SeriesPage<ModelVersion> full = lineage.models().search(Optional.of("m"), new Document(), false,
                Optional.empty(), OptionalLong.empty(), 10, 500);
        assertThat(full.items()).hasSize(10);
        assertThat(full.resumeBelow()).isEmpty();
    }

    @Test
    void onTheEmbeddedStoreAFilterIsMatchedAsThatServerMatchesIt(@TempDir Path dir) {
        try (Lineage embedded = Lineage.open(LineageConfig.embedded(dir.resolve("lineage.mv")))) {
            for (int i = 1; i <= 40; i++) {
                embedded.models().insertVersion(LineageStoresTest.version("m", "v" + i, Map.of("auc", i / 40.0,
                        "tags", List.of(i % 2 == 0 ? "even" : "odd"))));
            }
            assertThat(embedded.models().versions(Optional.of("m"), Document.parse(
                    "{\"metrics.auc\": {\"$gte\": 0.9}, \"metrics.tags\": \"even\"}"), false, Optional.empty(), 10))
                    .extracting(ModelVersion::version).containsExactly("v40", "v38", "v36");
            assertThat(embedded.models().versions(Optional.of("m"), Document.parse(
                    "{\"$or\": [{\"version\": \"v2\"}, {\"version\": \"v1\"}]}"), false, Optional.of("m:v2"), 10))
                    .extracting(ModelVersion::version).containsExactly("v1");
            assertThatThrownBy(() -> embedded.models().versions(Optional.of("m"), Document.parse(
                    "{\"metrics.auc\": {\"$bogus\": 1}}"), false, Optional.empty(), 10))
                    .isInstanceOf(FilterException.class).hasMessage("unknown operator: $bogus");
        }
    }

    @Test
    void entriesOfWritersThatDiedOrLostTheRaceForANameAreNotShown() {
        lineage.models().insertVersion(LineageStoresTest.version("m", "v1"));
        LineageDocuments docs = new LineageDocuments(lineage.database());
        RecordSeries series = new RecordSeries(docs);
        // a publisher killed after numbering its version, before inserting it
        series.place(ModelDocuments.of(LineageStoresTest.version("m", "v2")), List.of(RecordSeries.versions("m")));
        // a publisher that numbered v1 again and then lost the unique insert
        assertThatThrownBy(() -> lineage.models().insertVersion(LineageStoresTest.version("m", "v1")))
                .isInstanceOf(LineageException.class);
        lineage.models().insertVersion(LineageStoresTest.version("m", "v3"));
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), true, Optional.empty(), 10))
                .extracting(ModelVersion::version).containsExactly("v3", "v1");
    }

    @Test
    void afterAnUnknownVersionIsAClearError() {
        lineage.models().insertVersion(LineageStoresTest.version("m", "v1"));
        assertThatThrownBy(() -> lineage.models().versions(Optional.of("m"), new Document(), false,
                Optional.of("m:v9"), 10)).isInstanceOf(LineageException.class).hasMessageContaining("m:v9");
        assertThatThrownBy(() -> lineage.models().versions(Optional.of("other"), new Document(), false,
                Optional.of("m:v1"), 10)).hasMessageContaining("m:v1 is not in this list");
    }

    @Test
    void trainingsDatasetsAndBuildsPageTheSameWay() {
        BuildVersion first = LineageFixtures.build(lineage, "b1", "1111111111111111");
        BuildVersion second = LineageFixtures.build(lineage, "b2", "2222222222222222");
        LineageFixtures.build(lineage, "b1", "1111111111111111"); // the same tree again: still b2 is the newest
        assertThat(lineage.projects().latestBuild(first.project())).map(BuildVersion::id).contains(second.id());

        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add(LineageFixtures.finishedTraining(lineage, first, Optional.empty(), Map.of()).name());
        }
        Collections.reverse(names);
        List<TrainingRun> page = lineage.trainings().trainings(first.project(), Optional.empty(), 5);
        assertThat(page).extracting(TrainingRun::name).containsExactlyElementsOf(names.subList(0, 5));
        assertThat(lineage.trainings().trainings(first.project(), Optional.of(page.get(4).id()), 100))
                .extracting(TrainingRun::name).containsExactlyElementsOf(names.subList(5, 12));

        for (int i = 1; i <= 3; i++) {
            lineage.datasets().publish(new Dataset("m", "d" + i, "", List.of(new StoredFile("a.csv", 1, "ab", "0")),
                    Map.of(), false, Instant.now(), LineageFixtures.ORIGIN));
        }
        assertThat(lineage.datasets().datasets(Optional.of("m"), Optional.empty(), 2)).extracting(Dataset::name)
                .containsExactly("d3", "d2");
        assertThat(lineage.datasets().datasets(Optional.empty(), Optional.of("m:d2:v1"), 5)).extracting(Dataset::name)
                .containsExactly("d1");
    }

    @Test
    void aStoreWrittenBeforeSeriesIsNumberedOnceOldestFirst() {
        var versions = lineage.database().mongo().getCollection(LineageDatabase.MODEL_VERSIONS);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (String v : List.of("v2", "v1", "v3")) { // inserted out of order, dated in order of their names
            ModelVersion mv = new ModelVersion("m", v, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of(), Map.of(), Map.of(), Map.of(), VersionState.PUBLISHED,
                    t0.plusSeconds(Long.parseLong(v.substring(1))), LineageFixtures.ORIGIN);
            versions.insertOne(ModelDocuments.of(mv));
        }
        lineage.database().mongo().getCollection(LineageDatabase.COUNTERS).deleteOne(
                new Document("_id", SeriesBackfill.MARKER));
        Lineage reopened = new Lineage(lineage.database());
        assertThat(reopened.models().versions(Optional.of("m"), new Document(), false, Optional.empty(), 10))
                .extracting(ModelVersion::version).containsExactly("v3", "v2", "v1");
        reopened.models().insertVersion(LineageStoresTest.version("m", "v4"));
        assertThat(new Lineage(lineage.database()).models().latestVersion("m")).map(ModelVersion::version)
                .contains("v4");
    }
}
