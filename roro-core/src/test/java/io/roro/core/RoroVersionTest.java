package io.roro.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoroVersionTest {
    @Test
    void theBuildStampsItsVersion() {
        assertThat(RoroVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void aCommandOfAnotherFeatureLineIsAMismatchNamingBoth() {
        assertThat(RoroVersion.mismatch("0.1.0", "0.1.3-SNAPSHOT", "the agent's roro")).isEmpty();
        assertThat(RoroVersion.mismatch("0.1.0", "0.2.0", "the agent's roro on gpu-1")).get().asString()
                .contains("plugin is 0.1.0").contains("gpu-1 is roro 0.2.0").contains("install roro 0.1.x");
        assertThat(RoroVersion.mismatch("1.0.0", "unknown", "the agent's roro")).isPresent();
    }
}
