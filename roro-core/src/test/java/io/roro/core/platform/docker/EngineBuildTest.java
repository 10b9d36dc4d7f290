package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a build's answer from the engine's API is read: the engine's own messages, as the legacy builder sends them. */
class EngineBuildTest {
    private static final String ID = "sha256:" + "ab".repeat(32);

    private static EngineSocket.Raw answer(int status, String body) {
        return new EngineSocket.Raw(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aQuietBuildEndsWithTheImageId() {
        assertThat(EngineBuild.imageId(answer(200, "{\"stream\":\"" + ID + "\\n\"}\r\n"))).contains(ID);
        assertThat(EngineBuild.imageId(answer(200, "{\"aux\":{\"ID\":\"" + ID + "\"}}\n{\"stream\":\"done\"}")))
                .contains(ID);
    }

    @Test
    void aFailedStepIsReportedWithTheOutputBeforeIt() {
        String body = "{\"stream\":\"Step 3/5 : RUN python3 -m roro_runtime.requirements\\n\"}\r\n"
                + "{\"stream\":\"roro: installing no-such-package==1.0\\n\"}\r\n"
                + "{\"errorDetail\":{\"code\":1,\"message\":\"The command '/bin/sh -c python3 -m"
                + " roro_runtime.requirements' returned a non-zero code: 1\"},\"error\":\"returned 1\"}\r\n";
        assertThatThrownBy(() -> EngineBuild.imageId(answer(200, body))).isInstanceOf(DockerException.class)
                .hasMessageContaining("docker build failed")
                .hasMessageContaining("roro: installing no-such-package==1.0")
                .hasMessageContaining("returned a non-zero code: 1");
    }

    @Test
    void aRefusedRequestSaysWhatTheEngineSaid() {
        assertThatThrownBy(() -> EngineBuild.imageId(answer(400,
                "{\"message\":\"dockerfile parse error line 3: unknown instruction: COPPY\"}")))
                .isInstanceOf(DockerException.class).hasMessageContaining("unknown instruction: COPPY");
    }

    @Test
    void anAnswerThatIsNotTheEnginesIsLeftToTheCommandLine() {
        assertThat(EngineBuild.imageId(answer(502, "<html>bad gateway</html>"))).isEmpty();
        assertThat(EngineBuild.imageId(answer(200, "{\"stream\":\"Successfully built\"}"))).isEmpty();
    }
}
