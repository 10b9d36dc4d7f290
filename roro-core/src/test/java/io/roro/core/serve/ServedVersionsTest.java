package io.roro.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Which version a serve gets: a version by name, an alias of one, or the newest. */
class ServedVersionsTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    @TempDir
    Path dir;
    private Lineage lineage;
    private ServiceSpec service;

    @BeforeEach
    void twoVersions() throws Exception {
        lineage = MONGO.newLineage();
        Files.writeString(dir.resolve("roro.yml"), """
                project: p
                services:
                  - name: default
                    function: predict.predict
                    model: credit-model
                models: [credit-model]
                """);
        Files.writeString(dir.resolve("predict.py"), "def predict():\n    return 1\n");
        service = ProjectSpecReader.read(dir).service("default").orElseThrow();
        LineageFixtures.model(lineage, "credit-model");
        for (int i = 0; i < 2; i++) {
            Path out = LineageFixtures.modelDir(dir, "out" + i, Map.of("model.pkl", "w" + i));
            ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN));
        }
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private String resolve(String requested) {
        return ServedVersions.resolve(lineage, service, Optional.of(requested)).map(ModelVersion::id).orElseThrow();
    }

    @Test
    void anAliasServesTheVersionItNamesNow() {
        lineage.aliases().set("credit-model", "champion", "v1", Origin.of("cli", "alice"));
        assertThat(resolve("champion")).isEqualTo("credit-model:v1");
        assertThat(resolve("credit-model:champion")).isEqualTo("credit-model:v1");
        assertThat(resolve("latest")).isEqualTo("credit-model:v2");
        lineage.aliases().set("credit-model", "champion", "v2", Origin.of("cli", "alice"));
        assertThat(resolve("champion")).isEqualTo("credit-model:v2");

        lineage.aliases().set("credit-model", "former", "v1", Origin.of("cli", "alice"));
        lineage.archiveVersion("credit-model:v1");
        assertThatThrownBy(() -> resolve("former")).hasMessageContaining("credit-model:v1 (credit-model:former) is archived");
        assertThatThrownBy(() -> resolve("nobody")).hasMessageContaining("no model version or alias"
                + " credit-model:nobody");
    }
}
