package io.roro.core.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.PlatformSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The shared operations suite on the local target (processes of this machine, no Docker), plus what is its own:
 * the build is a Python environment made once, and what a process cannot have is refused. Needs what .ci/run
 * installs: Debian's python3 with venv and gunicorn, nginx.
 */
class LocalPlatformTest extends PlatformSuite {
    @Override
    protected void assumeRunnable() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "no nginx (.ci/run installs nginx-light)");
        assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import gunicorn, venv, ensurepip").start()
                .waitFor() == 0, "no Debian python3 with gunicorn and venv (.ci/run installs them)");
    }

    @Override
    protected Platform open(Path home, Lineage lineage) {
        return PlatformProvider.named("local").open(new PlatformContext(home, Map.of(), Map.of(), () -> lineage,
                false));
    }

    @Override
    protected String routerLog() {
        try {
            return Files.readString(root.resolve("home/local/routers").resolve(spec.project()).resolve("error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void assertIsTheProjectsBuild(BuildVersion build) {
        assertThat(Path.of(build.image()).resolve("venv/bin/python")).isExecutable();
        assertThat(Path.of(build.image()).resolve("app/predict.py")).isRegularFile();
        List<String> said = new ArrayList<>();
        assertThat(platform.builder().build(spec, project, ORIGIN, said::add).id()).isEqualTo(build.id());
        assertThat(said).as("an unchanged tree is not built again").isEmpty();
    }

    @Test
    @Order(6)
    void whatAProcessCannotHaveIsRefusedNamingTheTargetThatCan() {
        assertThatThrownBy(() -> train("gpu", 1)).hasMessageContaining("profile gpu asks for 1 GPU")
                .hasMessageContaining("--target docker");
        assertThatThrownBy(() -> train("isolated", 1)).hasMessageContaining("network: none");
    }
}
