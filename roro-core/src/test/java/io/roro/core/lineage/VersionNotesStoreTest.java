package io.roro.core.lineage;

import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.VersionNotes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Tags and a description beside a version whose content never changes. */
class VersionNotesStoreTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final Origin ALICE = Origin.of("cli", "alice");

    @TempDir
    Path dir;
    private Lineage lineage;
    private ModelVersion version;

    @BeforeEach
    void aVersion() throws Exception {
        lineage = MONGO.newLineage();
        LineageFixtures.model(lineage, "credit-model");
        version = ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model",
                LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w")), LineageFixtures.ORIGIN));
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    @Test
    void tagsAndADescriptionChangeWhileTheVersionDoesNot() {
        lineage.notes().tag(version.id(), Map.of("reviewed", "no", "team", "risk"), List.of(), ALICE);
        lineage.notes().tag(version.id(), Map.of("reviewed", "yes"), List.of("team"), ALICE);
        VersionNotes notes = lineage.notes().describe(version.id(), Optional.of("  trained on November  "), ALICE);

        assertThat(notes.tags()).containsExactly(Map.entry("reviewed", "yes"));
        assertThat(notes.description()).contains("trained on November");
        assertThat(notes.changedBy()).map(Origin::describe).hasValueSatisfying(d -> assertThat(d).startsWith(
                "alice"));
        assertThat(lineage.models().modelVersion(version.id())).contains(version);
        assertThat(lineage.notes().describe(version.id(), Optional.of(""), ALICE).description()).isEmpty();
        assertThat(lineage.notes().of("credit-model:v9").tags()).isEmpty();
    }

    @Test
    void tagNamesAreNotPathsAndValuesAreOneLine() {
        assertThatThrownBy(() -> lineage.notes().tag(version.id(), Map.of("a.b", "x"), List.of(), ALICE))
                .hasMessageContaining("tag name \"a.b\"");
        assertThatThrownBy(() -> lineage.notes().tag(version.id(), Map.of("$set", "x"), List.of(), ALICE))
                .hasMessageContaining("tag name");
        assertThatThrownBy(() -> lineage.notes().tag(version.id(), Map.of("k", "two\nlines"), List.of(), ALICE))
                .hasMessageContaining("one line");
        assertThatThrownBy(() -> lineage.notes().tag("credit-model:v9", Map.of("k", "v"), List.of(), ALICE))
                .hasMessageContaining("no model version credit-model:v9");
    }
}
