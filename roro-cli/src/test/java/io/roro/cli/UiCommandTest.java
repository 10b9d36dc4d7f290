package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro ui` does not listen beyond this machine over plain HTTP unless told to, and says why. */
class UiCommandTest {
    @TempDir
    Path dir;
    private Invocation.Scope saved;

    @BeforeEach
    void setUp() {
        saved = TestHome.use(dir.resolve("home"));
    }

    @AfterEach
    void tearDown() {
        saved.close();
    }

    @Test
    void aBindBeyondThisMachineNeedsPlainHttpSaidOutLoud() {
        CliRun run = CliRun.of("ui", "--bind", "0.0.0.0", "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--bind 0.0.0.0 listens beyond this machine over plain HTTP")
                .contains("ssh -L").contains("--plain-http");
    }
}
