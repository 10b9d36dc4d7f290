package io.roro.core.testing;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for lineage tests: a registered model, a build, a finished training, a model directory. */
public final class LineageFixtures {
    public static final Origin ORIGIN = Origin.of("test", "tester");

    private LineageFixtures() {
    }

    public static ModelRecord model(Lineage lineage, String name, ModelSpec.ModelFile... files) {
        return lineage.models().upsertModel(ModelRecord.of(new ModelSpec(name, "test model", List.of(files)),
                Optional.of("credit-risk"), ORIGIN));
    }

    public static BuildVersion build(Lineage lineage, String tag, String commit) {
        return lineage.projects().recordBuild(new BuildVersion("credit-risk", tag, "roro/credit-risk:" + tag,
                "sha256:" + "0".repeat(63) + tag.length(),
                Optional.of(new GitInfo(commit, Optional.of("main"), Optional.of("https://git.example.com/credit.git"),
                        false)), "local", Instant.now(), ORIGIN));
    }

    public static TrainingRun finishedTraining(Lineage lineage, BuildVersion build, Optional<String> dataset,
            Map<String, Object> metrics) {
        String name = lineage.trainings().allocateTrainingName("credit-risk", "retrain");
        Instant now = Instant.now();
        TrainingRun run = new TrainingRun("credit-risk", name, "retrain", Optional.of(build.id()),
                Optional.of("python3 train.py"), Optional.empty(), Map.of("max_depth", 3), "small",
                Optional.of("credit-model"), dataset, TrainingState.WAITING, 0, Map.of(), Optional.empty(), now,
                Optional.empty(), now, Optional.empty(), List.of(), ORIGIN);
        lineage.trainings().createTraining(run);
        lineage.trainings().startTraining(run.id());
        return lineage.trainings().finishTraining(run.id(), metrics);
    }

    public static Path modelDir(Path parent, String name, Map<String, String> files) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return dir;
    }

    /** The sha256 of a file, hex, as lineage records it. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
