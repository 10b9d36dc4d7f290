package io.roro.core.publish;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.Origin;
import io.roro.core.spec.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Run in a separate JVM by {@link PublishCrashSafetyTest}: publishes one small version (acknowledged on stdout),
 * then starts publishing a large one and stalls mid-upload until the test kills it with SIGKILL.
 */
public final class PublishCrashChild {
    private PublishCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        Path small = Path.of(args[1]);
        Path large = Path.of(args[2]);
        Lineage lineage = Lineage.open(LineageConfig.embedded(store));
        Origin origin = Origin.of("test", "child");
        lineage.models().upsertModel(ModelRecord.of(new ModelSpec("credit-model", "", List.of(
                new ModelSpec.ModelFile("model.pkl", true, 0))), Optional.empty(), origin));
        String v1 = ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", small, origin)).id();
        System.out.println("ACK " + v1);
        System.out.flush();
        ArtifactStore.Progress stall = (name, done, total) -> {
            if (done > 2 * 1024 * 1024) {
                System.out.println("UPLOADING " + name);
                System.out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model", large, origin).withProgress(stall));
        System.out.println("UNEXPECTED: the large publish finished");
    }
}
