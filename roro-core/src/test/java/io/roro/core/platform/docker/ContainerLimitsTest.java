package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.ResourceProfile;
import org.junit.jupiter.api.Test;

class ContainerLimitsTest {
    private static ResourceProfile profile(String yaml) throws Exception {
        return ProjectSpecReader.parse("project: p\nprofiles:\n  p: " + yaml + "\n", "roro.yml").profile("p");
    }

    @Test
    void limitsCapAndRequestsOnlyWeigh() throws Exception {
        assertThat(ContainerLimits.flags(profile("{requests: {cpu: 500m, memory: 512Mi}, limits: {cpu: 2, memory: 1536Mi}}")))
                .containsExactly("--cpus", "2", "--cpu-shares", "512", "--memory", "1610612736",
                        "--memory-reservation", "536870912");
    }

    @Test
    void requestsAloneNeverCapTheContainer() throws Exception {
        assertThat(ContainerLimits.flags(profile("{requests: {cpu: 1, memory: 1G}}")))
                .containsExactly("--cpu-shares", "1024", "--memory-reservation", "1000000000")
                .doesNotContain("--cpus", "--memory");
    }

    @Test
    void gpusAreRequestedFromDocker() throws Exception {
        assertThat(ContainerLimits.flags(profile("{gpu: 2}"))).containsExactly("--gpus", "2");
    }
}
