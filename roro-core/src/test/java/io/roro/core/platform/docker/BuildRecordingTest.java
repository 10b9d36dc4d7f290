package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.store.ProjectStore;
import io.roro.core.testing.TestMongo;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deploy's new build is recorded while its services start (ImageBuilder.recordBeside): what is returned at
 * once is the build as lineage ends up holding it, and a tag taken meanwhile for another image fails the writing,
 * which is what the deployment's records wait for.
 */
class BuildRecordingTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final Origin ORIGIN = Origin.of("cli", "tester");

    private Lineage lineage;

    @BeforeEach
    void open() {
        lineage = MONGO.newLineage();
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private ImageBuilder builder(Supplier<ProjectStore> store) {
        DockerCli docker = new DockerCli(Map.of("PATH", "/nonexistent")); // no docker call is expected
        return new ImageBuilder(docker, new RuntimeImages(docker, Map.of()), store, Map.of());
    }

    private static ImageBuilder.BuiltImage built(String tag, String imageId) {
        return new ImageBuilder.BuiltImage("credit", tag, "roro/credit:" + tag, imageId, Optional.empty());
    }

    @Test
    void aNewBuildIsRecordedAsReturnedOnceItsWritingEnds() {
        ProjectBuilder.Recording recording = builder(lineage::projects).recordBeside(
                built("local-aaaaaaaaaaaa", "sha256:" + "1".repeat(64)), ORIGIN);
        assertThat(recording.build().id()).isEqualTo("credit:local-aaaaaaaaaaaa");

        recording.written().join();
        assertThat(lineage.projects().buildVersion("credit:local-aaaaaaaaaaaa")).contains(recording.build());
        assertThat(lineage.projects().latestBuild("credit")).contains(recording.build());
    }

    @Test
    void anUnchangedTreeGetsTheBuildRecordedBefore() {
        BuildVersion before = lineage.projects().recordBuild(new BuildVersion("credit", "local-bbbbbbbbbbbb",
                "roro/credit:local-bbbbbbbbbbbb", "sha256:" + "2".repeat(64), Optional.empty(), "local",
                Instant.parse("2026-11-01T10:00:00Z"), ORIGIN));

        ProjectBuilder.Recording recording = builder(lineage::projects).recordBeside(
                built("local-bbbbbbbbbbbb", "sha256:" + "2".repeat(64)), ORIGIN);

        assertThat(recording.written()).isCompleted();
        assertThat(recording.build()).isEqualTo(before); // its time of building kept: no new record
    }

    @Test
    void theTagRecordedMeanwhileForAnotherImageFailsTheWriting() {
        // the lookup finds nothing; before the writing runs, another machine records the tag for its own image
        AtomicInteger asked = new AtomicInteger();
        Supplier<ProjectStore> racing = () -> {
            if (asked.incrementAndGet() == 2) {
                lineage.projects().recordBuild(new BuildVersion("credit", "local-cccccccccccc",
                        "roro/credit:local-cccccccccccc", "sha256:" + "9".repeat(64), Optional.empty(), "local",
                        Instant.now(), Origin.of("cli", "elsewhere")));
            }
            return lineage.projects();
        };

        ProjectBuilder.Recording recording = builder(racing).recordBeside(
                built("local-cccccccccccc", "sha256:" + "3".repeat(64)), ORIGIN);

        assertThatThrownBy(() -> recording.written().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LineageException.class).hasMessageContaining("a tag names one image");
        assertThat(lineage.projects().buildVersion("credit:local-cccccccccccc").orElseThrow().imageId())
                .isEqualTo("sha256:" + "9".repeat(64));
    }
}
