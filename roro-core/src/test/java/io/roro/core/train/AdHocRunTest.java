package io.roro.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** roro run as a training of its own task: what it adds to the project, and the exit code a shell gets. */
class AdHocRunTest {
    private static final Path EXAMPLE = Path.of("../examples/credit-risk");

    private static TrainingRun failed(String reason) {
        Instant now = Instant.now();
        return new TrainingRun("credit-risk", "run-1", AdHocRun.TASK, Optional.empty(), Optional.of("x"),
                Optional.empty(), Map.of(), "default", Optional.empty(), Optional.empty(), TrainingState.FAILED, 0,
                Map.of(), Optional.ofNullable(reason), now, Optional.empty(), now, Optional.empty(), List.of(),
                Origin.of("test", "tester"));
    }

    @Test
    void theRunIsATaskOfItsOwnWithTheCommandAsGivenAndTheModelToPublish() throws Exception {
        ProjectSpec spec = ProjectSpecReader.read(EXAMPLE);
        ProjectSpec withRun = AdHocRun.withRun(spec, List.of("python3", "-c", "print('hi')"), Optional.of("small"),
                Optional.of("credit-model"));
        assertThat(withRun.task(AdHocRun.TASK).orElseThrow().command()).contains("python3 -c 'print('\\''hi'\\'')'");
        assertThat(withRun.task(AdHocRun.TASK).orElseThrow().model()).contains("credit-model");
        assertThat(withRun.tasks()).hasSize(spec.tasks().size() + 1);
        assertThatThrownBy(() -> AdHocRun.withRun(spec, List.of("true"), Optional.empty(), Optional.of("nope")))
                .isInstanceOf(TrainingException.class).hasMessageContaining("no model nope in roro.yml");
        assertThatThrownBy(() -> AdHocRun.withRun(withRun, List.of("true"), Optional.empty(), Optional.empty()))
                .as("a project task named run").hasMessageContaining("has a task of that name");
    }

    @Test
    void aFailedRunExitsWithItsCommandsCodeAsAShellWould() {
        assertThat(AdHocRun.exitCode(Optional.of(failed("exit code 3: bad row 17")))).isEqualTo(3);
        assertThat(AdHocRun.exitCode(Optional.of(failed("exit code 300")))).isEqualTo(255);
        assertThat(AdHocRun.exitCode(Optional.of(failed("killed: out of memory (limit 64Mi)")))).isEqualTo(1);
        assertThat(AdHocRun.exitCode(Optional.of(failed(null)))).isEqualTo(1);
        assertThat(AdHocRun.exitCode(Optional.empty())).isEqualTo(1);
    }
}
