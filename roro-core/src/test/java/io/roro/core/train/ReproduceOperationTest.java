package io.roro.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.deploy.DeployOperation;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * roro reproduce on a target: a seeded training comes out bit-identical, an unseeded one is told apart with its
 * likely cause, and what cannot be run again as it was is refused. Run on the local target (trainings as
 * processes: quick) here, on Docker by {@link DockerReproduceTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceOperationTest {
    private static final Origin ORIGIN = Origin.of("test", "reproduce");

    private Path project;
    private Lineage lineage;
    private Platform platform;
    private ProjectSpec spec;
    private BuildVersion build;

    /** The target the trainings run on. */
    protected String target() {
        return "local";
    }

    /** Skips the suite where the target cannot run here. */
    protected void assumeRunnable() throws Exception {
        assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import venv, ensurepip").start().waitFor() == 0,
                "no Debian python3 with venv (.ci/run installs python3-venv)");
    }

    /** What a reproduction says of a build no longer on this machine. */
    protected String goneBuildSays() {
        return "not on this machine";
    }

    /** Takes the build's environment off this machine (as pruning would), returning what puts it back. */
    protected Runnable removeBuild(BuildVersion build) throws Exception {
        Path place = Path.of(build.image());
        Path away = place.resolveSibling(place.getFileName() + "-away");
        Files.move(place, away);
        return () -> {
            try {
                Files.move(away, place);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @BeforeAll
    void setUp() throws Exception {
        assumeRunnable();
        Path root = Files.createTempDirectory("roro-reproduce-");
        String name = "repro-" + UUID.randomUUID().toString().substring(0, 8);
        project = Files.createDirectories(root.resolve(name));
        Files.writeString(project.resolve("roro.yml"), """
                project: %s
                runtime: python3
                tasks:
                  - name: seeded
                    command: python3 train.py 7
                    params: {k: 3}
                    model: m
                  - name: unseeded
                    command: python3 train.py
                    model: m
                models: [m]
                """.formatted(name));
        Files.writeString(project.resolve("train.py"), """
                import json, random, sys
                from roro_runtime import project
                random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else None)
                p = project.params(k=1)
                score = random.random()
                with open(project.output_path("model.json"), "w") as f:
                    json.dump({"k": p["k"], "w": score}, f)
                project.metrics(score=score)
                """);
        Path home = root.resolve("home");
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
        platform = PlatformProvider.named(target()).open(new PlatformContext(home, Map.of(), Map.of(), () -> lineage,
                false));
        spec = ProjectSpecReader.read(project);
        ProjectRegistration.register(spec, project, lineage, ORIGIN);
        build = new DeployOperation(platform, lineage).deploy(spec, project, ORIGIN, line -> { }).build();
    }

    @AfterAll
    void tearDown() {
        if (lineage != null) {
            lineage.close();
        }
    }

    @Test
    void aSeededTrainingComesOutBitIdenticalAndTheNewVersionSaysWhatItReproduces() {
        ModelVersion original = train("seeded", Map.of("k", 5));
        Reproduction result = reproduce(original.id());
        assertThat(result.filesIdentical()).as(result.text()).isTrue();
        assertThat(result.metricsWithin()).isTrue();
        assertThat(result.likelyCause()).isEmpty();
        ModelVersion again = result.reproduction();
        assertThat(again.id()).isNotEqualTo(original.id());
        assertThat(again.details()).containsEntry(ReproduceOperation.REPRODUCES, original.id());
        assertThat(lineage.trainings().training(again.training().orElseThrow()).orElseThrow().params())
                .as("the recorded parameters, not the task's defaults").containsEntry("k", 5);
        assertThat(again.buildVersion()).isEqualTo(original.buildVersion());
    }

    @Test
    void anUnseededTrainingDiffersAndTheLikelyCauseIsSaid() {
        ModelVersion original = train("unseeded", Map.of());
        Reproduction result = reproduce(original.id());
        assertThat(result.filesIdentical()).isFalse();
        assertThat(result.metricsWithin()).isFalse();
        assertThat(result.text()).contains("files differ").contains("metric score:")
                .contains("random state left unseeded");
    }

    @Test
    void whatCannotBeRunAgainAsItWasIsRefused() throws Exception {
        Path files = Files.createTempDirectory("roro-given-");
        Files.writeString(files.resolve("model.json"), "{}");
        String given = ModelPublisher.of(lineage).publish(PublishRequest.of("m", files, ORIGIN)
                .withProgress(ArtifactStore.Progress.NONE)).id();
        assertThatThrownBy(() -> reproduce(given)).hasMessageContaining("not by a training");

        ModelVersion seeded = train("seeded", Map.of());
        ProjectSpec changed = ProjectSpecReader.parse(Files.readString(project.resolve("roro.yml"))
                .replace("python3 train.py 7", "python3 train.py 8"), "roro.yml");
        assertThatThrownBy(() -> new ReproduceOperation(platform, lineage).reproduce(changed, project, seeded.id(),
                1e-9, ORIGIN, line -> { })).hasMessageContaining("task seeded changed since " + seeded.id())
                .hasMessageContaining("python3 train.py 8");
        assertThatThrownBy(() -> reproduce("m:v999")).hasMessageContaining("no model version m:v999");

        // the build's environment removed from this machine (pruned): said before anything runs
        Runnable putBack = removeBuild(build);
        try {
            assertThatThrownBy(() -> reproduce(seeded.id())).hasMessageContaining("cannot run " + seeded.id()
                    + "'s training again as it was: build " + build.id()).hasMessageContaining(goneBuildSays());
        } finally {
            putBack.run();
        }
    }

    private ModelVersion train(String task, Map<String, Object> params) {
        return new TrainOperation(platform, lineage).train(new TrainRequest(spec, project, task, params,
                Optional.empty(), Optional.empty(), Optional.empty(), build, ORIGIN, true), line -> { })
                .version().orElseThrow();
    }

    private Reproduction reproduce(String version) {
        return new ReproduceOperation(platform, lineage).reproduce(spec, project, version, 1e-9, ORIGIN, line -> { });
    }
}
