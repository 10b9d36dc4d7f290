package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerLogsTest {
    private static final List<String> RUN = List.of("run", "-d", "--name", "x", "img");

    @Test
    void everyContainerRunOnTheEnginesFileDriversKeepsAtMostThirtyMegabytesByDefault() {
        ContainerLogs logs = ContainerLogs.of(Map.of());
        assertThat(ContainerLogs.into(RUN, logs.flags("json-file"))).containsExactly("run", "--log-opt",
                "max-size=10m", "--log-opt", "max-file=3", "-d", "--name", "x", "img");
        assertThat(logs.flags("local")).contains("max-size=10m");
    }

    @Test
    void logsTheAdministratorSendsElsewhereAreLeftToThem() {
        assertThat(ContainerLogs.of(Map.of()).flags("journald")).isEmpty();
        assertThat(ContainerLogs.of(Map.of("RORO_CONTAINER_LOGS", "engine")).flags("json-file")).isEmpty();
    }

    @Test
    void theBoundIsConfigurableAndABadValueIsRefusedNamingTheVariable() {
        assertThat(ContainerLogs.of(Map.of("RORO_CONTAINER_LOGS", "200M:5")).flags("json-file"))
                .containsExactly("--log-opt", "max-size=200m", "--log-opt", "max-file=5");
        assertThatThrownBy(() -> ContainerLogs.of(Map.of("RORO_CONTAINER_LOGS", "lots")))
                .hasMessageContaining("RORO_CONTAINER_LOGS=lots is not SIZE:FILES");
    }

    @Test
    void onlyContainerRunsAreBounded() {
        List<String> flags = ContainerLogs.of(Map.of()).flags("json-file");
        assertThat(ContainerLogs.into(List.of("ps", "-a"), flags)).containsExactly("ps", "-a");
        List<String> once = ContainerLogs.into(RUN, flags);
        assertThat(ContainerLogs.into(once, flags)).isEqualTo(once);
    }
}
