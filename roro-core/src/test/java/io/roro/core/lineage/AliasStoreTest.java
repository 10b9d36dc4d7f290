package io.roro.core.lineage;

import io.roro.core.contract.ModelAlias;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Aliases: names that move between a model's immutable versions, every move kept with who and when. */
class AliasStoreTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final Origin ALICE = Origin.of("cli", "alice");
    private static final Origin BOB = Origin.of("cli", "bob");

    @TempDir
    Path dir;
    private Lineage lineage;

    @BeforeEach
    void threeVersions() throws Exception {
        lineage = MONGO.newLineage();
        LineageFixtures.model(lineage, "credit-model");
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        for (int i = 0; i < 3; i++) {
            ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN));
        }
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    @Test
    void anAliasMovesAndEveryMoveIsKeptWithWhoAndWhen() {
        lineage.aliases().set("credit-model", "champion", "v1", ALICE);
        ModelAlias moved = lineage.aliases().set("credit-model", "champion", "v3", BOB);

        assertThat(moved.version()).contains("credit-model:v3");
        assertThat(moved.history()).extracting(m -> m.version().orElse("-") + " " + m.origin().describe())
                .allSatisfy(s -> assertThat(s).matches("credit-model:v[13] (alice|bob)@.*"))
                .hasSize(2).first().asString().startsWith("credit-model:v1 alice@");
        assertThat(lineage.aliases().resolve("credit-model", "champion")).map(ModelVersion::id)
                .contains("credit-model:v3");
        assertThat(lineage.aliases().naming("credit-model:v3")).containsExactly("champion");

        ModelAlias removed = lineage.aliases().remove("credit-model", "champion", ALICE);
        assertThat(removed.version()).isEmpty();
        assertThat(removed.history()).hasSize(3);
        assertThat(lineage.aliases().resolve("credit-model", "champion")).isEmpty();
        assertThat(lineage.aliases().of("credit-model")).isEmpty();
    }

    @Test
    void movesAtOnceAreAllRecorded() {
        List<CompletableFuture<ModelAlias>> moves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String version = "v" + (i % 3 + 1);
            moves.add(CompletableFuture.supplyAsync(() -> lineage.aliases().set("credit-model", "challenger",
                    version, ALICE)));
        }
        moves.forEach(CompletableFuture::join);
        ModelAlias alias = lineage.aliases().get("credit-model", "challenger").orElseThrow();
        assertThat(alias.history()).hasSize(8);
        assertThat(alias.version()).isEqualTo(alias.last().orElseThrow().version());
    }

    @Test
    void namesThatReadAsVersionsAndVersionsThatCannotServeAreRefused() {
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "v7", "v1", ALICE))
                .hasMessageContaining("not vN or latest");
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "latest", "v1", ALICE))
                .hasMessageContaining("not vN or latest");
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "Champion", "v1", ALICE))
                .hasMessageContaining("lowercase");
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "champion", "v9", ALICE))
                .hasMessageContaining("no model version credit-model:v9");
        lineage.archiveVersion("credit-model:v2");
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "champion", "v2", ALICE))
                .hasMessageContaining("archived");
        assertThatThrownBy(() -> lineage.aliases().remove("credit-model", "nobody", ALICE))
                .hasMessageContaining("has no alias nobody");
    }

    @Test
    void anAliasNeverHidesAVersionNorAVersionAnAlias() throws Exception {
        Path out = LineageFixtures.modelDir(dir, "named", Map.of("model.pkl", "named"));
        ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withVersion("gold"));
        assertThatThrownBy(() -> lineage.aliases().set("credit-model", "gold", "v1", ALICE))
                .hasMessageContaining("has a version named gold");

        lineage.aliases().set("credit-model", "champion", "v1", ALICE);
        Path other = LineageFixtures.modelDir(dir, "other", Map.of("model.pkl", "other"));
        assertThatThrownBy(() -> ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", other,
                LineageFixtures.ORIGIN).withVersion("champion")))
                .hasMessageContaining("credit-model:champion is an alias (of credit-model:v1)");
    }
}
