package io.roro.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serve refused before anything runs (no version of its model yet) lets go of the service's lock: the next
 * change of the service (a rollback, another serve, in this process or another) goes ahead at once. It used to be
 * held until the garbage collector closed its file, minutes on a quiet JVM.
 */
class ServeLockReleaseTest {
    @TempDir
    Path dir;

    @Test
    void aServeRefusedForAModelWithoutVersionsReleasesTheServiceLock() throws Exception {
        Files.writeString(dir.resolve("predict.py"), "def predict():\n    return 1\n");
        ProjectSpec spec = ProjectSpecReader.parse("""
                project: locks
                services:
                  - {name: default, function: predict.predict, model: m}
                models: [m]
                """, "roro.yml");
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(dir.resolve("lineage.mv")))) {
            ProjectRegistration.register(spec, dir, lineage, Origin.of("test", "locks"));
            ServeOperation serving = new ServeOperation(PlatformProvider.named("local").open(new PlatformContext(
                    dir.resolve("home"), Map.of(), Map.of(), () -> lineage, false)), lineage);
            assertThatThrownBy(() -> serving.prepare(spec, "default", Optional.empty(), Optional.empty(),
                    Optional.empty(), line -> { })).hasMessageContaining("no version of model m");
            CompletableFuture<ServiceRuntime.Lock> next = CompletableFuture.supplyAsync(
                    () -> serving.lock("locks", "default", line -> { }));
            try (ServiceRuntime.Lock held = next.get(10, TimeUnit.SECONDS)) {
                assertThat(held).as("the next change of the service got the lock").isNotNull();
            }
        }
    }
}
