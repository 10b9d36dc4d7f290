package io.roro.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster target that builds on this machine finds the builder by name, not by the package that has it. */
class BuilderProviderTest {
    @TempDir
    Path home;

    @Test
    void theDockerEngineIsThisMachinesBuilderFoundByItsName() {
        PushingBuilder docker = BuilderProvider.named("docker").open(Map.of(), () -> {
            throw new AssertionError("nothing is recorded");
        });
        assertThat(docker).isNotNull();
        assertThatThrownBy(() -> BuilderProvider.named("podman"))
                .hasMessage("no builder on this machine is called podman (there are: docker)");
    }

    @Test
    void aClusterTargetRefusesABuilderNobodyProvidesNamingTheOnesThereAre() {
        PlatformContext context = new PlatformContext(home, Map.of(), Map.of("registry", "registry.example.com/ml",
                "builder", "podman"), () -> {
                    throw new AssertionError("nothing is recorded");
                }, true);
        assertThatThrownBy(() -> PlatformProvider.named("kubernetes").open(context))
                .hasMessage("--builder is docker, kaniko, buildkit, not podman");
    }
}
