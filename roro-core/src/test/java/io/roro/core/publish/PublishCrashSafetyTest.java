package io.roro.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.testing.LineageFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publishing process killed with SIGKILL: what it acknowledged must survive on the embedded (H2) store, the
 * version it was writing must not be visible at all nor take a version number, and the next publish must clean up
 * its partial upload at once (its process is gone), not after the age limit kept for uploaders roro cannot see.
 */
class PublishCrashSafetyTest {

    @Test
    @Timeout(120)
    void killedPublishLeavesNoHalfVersionAndAcknowledgedOnesSurvive(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("lineage.mv");
        Path small = LineageFixtures.modelDir(dir, "small", Map.of("model.pkl", "small model"));
        Path large = Files.createDirectory(dir.resolve("large"));
        try (RandomAccessFile f = new RandomAccessFile(large.resolve("model.pkl").toFile(), "rw")) {
            f.setLength(16L * 1024 * 1024);
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PublishCrashChild.class.getName(),
                store.toString(), small.toString(), large.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("UPLOADING")) {
                    break;
                }
            }
            assertThat(lines).as("child output").contains("ACK credit-model:v1", "UPLOADING model.pkl");
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean close of the H2 file
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (Lineage lineage = new Lineage(LineageDatabase.open(LineageConfig.embedded(store)))) {
            List<ModelVersion> versions = lineage.models().versions(Optional.of("credit-model"), new Document(), true,
                    Optional.empty(), 10);
            assertThat(versions).extracting(ModelVersion::version).containsExactly("v1");
            StoredFile file = versions.get(0).file("model.pkl").orElseThrow();
            Path back = dir.resolve("back/model.pkl");
            lineage.artifacts().get(new ArtifactRef(file.artifactId(), file.name(), file.size(), file.sha256()), back);
            assertThat(Files.readString(back)).isEqualTo("small model");

            var uploads = lineage.database().mongo().getCollection("artifacts.uploads");
            Path bytes = store.resolveSibling("lineage.mv.artifacts");
            assertThat(uploads.countDocuments()).as("the killed upload left its intent").isEqualTo(1);
            // its bytes may or may not have been written whole before the kill; either way cleanup must cope

            // the default age limit (30 min) does not hold it back: its process is gone, and it took no number
            ModelVersion v = ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", small,
                    LineageFixtures.ORIGIN));
            assertThat(v.version()).isEqualTo("v2");
            assertThat(uploads.countDocuments()).isZero();
            try (var left = Files.list(bytes)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList())
                        .as("only v1's and the new version's files remain (the embedded store keeps bytes as files)")
                        .hasSize(2).noneMatch(name -> name.endsWith(".part"));
            }
        }
    }

    @Test
    void embeddedStoreKeepsEverythingAcrossACleanRestart(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("lineage.mv");
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(store))) {
            LineageFixtures.model(lineage, "credit-model");
            ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN));
        }
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(store))) {
            assertThat(lineage.models().latestVersion("credit-model")).map(ModelVersion::version).contains("v1");
            assertThat(ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN))
                    .version()).isEqualTo("v2");
        }
    }

    @Test
    void aSecondOpenerOfTheSameFileSharesTheStoreInsteadOfBeingLockedOut(@TempDir Path dir) {
        // before, the second one got "the lineage store ... is in use by another process"
        Path store = dir.resolve("lineage.mv");
        try (Lineage first = Lineage.open(LineageConfig.embedded(store));
                Lineage second = Lineage.open(LineageConfig.embedded(store))) {
            long a = first.projects().nextDeployNumber("shared");
            long b = second.projects().nextDeployNumber("shared");
            assertThat(b).isEqualTo(a + 1);
        }
    }
}
