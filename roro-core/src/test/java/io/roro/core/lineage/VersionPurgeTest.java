package io.roro.core.lineage;

import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.VersionState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.serve.ServedVersions;
import io.roro.core.spec.ModelSpec.ModelFile;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.testing.LineageFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro versions rm --purge`: a version's files leave the store and their space is freed (archiving alone freed
 * nothing); its record stays and says so wherever its files are asked for; a live version keeps its files.
 */
class VersionPurgeTest {
    @TempDir
    Path dir;
    private Lineage lineage;
    private final String weights = "w".repeat(200_000);

    @BeforeEach
    void open() {
        lineage = Lineage.open(LineageConfig.embedded(dir.resolve("home/lineage.mv")));
        LineageFixtures.model(lineage, "m", new ModelFile("model.bin", true, 1));
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private ModelVersion publish(String name) throws IOException {
        Path out = LineageFixtures.modelDir(dir, name, Map.of("model.bin", weights + name));
        return ModelPublisher.of(lineage).publish(PublishRequest.of("m", out, LineageFixtures.ORIGIN));
    }

    private long storedBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("home/lineage.mv.artifacts"))) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void purgingFreesTheFilesSpaceAndKeepsTheRecord() throws Exception {
        ModelVersion v1 = publish("a");
        publish("b");
        long before = storedBytes();

        long freed = lineage.purgeVersion(v1.id(), Origin.of("cli", "alice"));

        assertThat(freed).isEqualTo(weights.length() + 1);
        assertThat(storedBytes()).as("the store's files").isEqualTo(before - freed);
        ModelVersion record = lineage.models().modelVersion(v1.id()).orElseThrow();
        assertThat(record.state()).isEqualTo(VersionState.PURGED);
        assertThat(record.files()).singleElement().satisfies(f -> assertThat(f.sha256())
                .isEqualTo(v1.files().get(0).sha256()));
        assertThat(lineage.models().versions(Optional.of("m"), new Document(), false, Optional.empty(), 10))
                .extracting(ModelVersion::version).containsExactly("v2");
        assertThatThrownBy(() -> lineage.fetchVersion(v1.id(), dir.resolve("fetched")))
                .hasMessageContaining("the files of m:v1 were deleted on ").hasMessageContaining("by alice")
                .hasMessageContaining("roro versions rm --purge");
        ServiceSpec service = ProjectSpecReader.parse("""
                project: p
                services:
                  - {name: default, function: predict.predict, model: m}
                models: [m]
                """, "roro.yml").service("default").orElseThrow();
        assertThatThrownBy(() -> ServedVersions.resolve(lineage, service, Optional.of("v1")))
                .hasMessageContaining("the files of m:v1 were deleted");
        assertThatThrownBy(() -> lineage.aliases().set("m", "champion", "v1", LineageFixtures.ORIGIN))
                .hasMessageContaining("archived");
        // archived again: still purged, not "archived" with files it no longer has
        lineage.archiveVersion(v1.id());
        assertThat(lineage.models().modelVersion(v1.id()).orElseThrow().state()).isEqualTo(VersionState.PURGED);
    }

    @Test
    void aLiveVersionKeepsItsFiles() throws IOException {
        ModelVersion v1 = publish("a");
        lineage.deployments().record(new DeploymentChange("p", "default", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v1.id()), Optional.empty(), 1, "default", "local",
                Optional.of("http://127.0.0.1:9000/"), Optional.empty(), LineageFixtures.ORIGIN));
        long before = storedBytes();

        assertThatThrownBy(() -> lineage.purgeVersion(v1.id(), LineageFixtures.ORIGIN))
                .hasMessageContaining("is live on p:default");

        assertThat(storedBytes()).isEqualTo(before);
        assertThat(lineage.models().modelVersion(v1.id()).orElseThrow().state()).isEqualTo(VersionState.PUBLISHED);
        lineage.fetchVersion(v1.id(), dir.resolve("fetched"));
        assertThat(dir.resolve("fetched/model.bin")).hasContent(weights + "a");
    }
}
