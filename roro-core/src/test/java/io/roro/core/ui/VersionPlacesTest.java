package io.roro.core.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.Origin;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Since" is when a version came to hold its place, not the deployment's last change. */
class VersionPlacesTest {
    private static final Origin ORIGIN = Origin.of("test", "t");

    private static DeploymentEvent event(long revision, String live, Optional<String> canary, DeploymentState state) {
        return new DeploymentEvent("p", "s", revision, DeploymentEventType.DEPLOYED, state, Optional.of(live),
                Optional.empty(), 1, Optional.empty(), Optional.empty(), Instant.ofEpochSecond(1000 * revision),
                ORIGIN, canary.map(v -> new Candidate(Candidate.Mode.CANARY, Optional.of(v), Optional.empty(), 10,
                        Optional.empty())));
    }

    @Test
    void sinceIsTheStartOfTheLatestUnbrokenRun() {
        List<DeploymentEvent> timeline = List.of(
                event(1, "m:v1", Optional.empty(), DeploymentState.RUNNING),
                event(2, "m:v2", Optional.empty(), DeploymentState.RUNNING),
                event(3, "m:v2", Optional.empty(), DeploymentState.STOPPED),
                event(4, "m:v2", Optional.empty(), DeploymentState.RUNNING),
                event(5, "m:v2", Optional.of("m:v3"), DeploymentState.RUNNING),
                event(6, "m:v2", Optional.of("m:v3"), DeploymentState.RUNNING));

        assertThat(VersionPlaces.since(timeline, "m:v2", true)).contains(Instant.ofEpochSecond(4000));
        assertThat(VersionPlaces.since(timeline, "m:v3", false)).contains(Instant.ofEpochSecond(5000));
        assertThat(VersionPlaces.since(timeline, "m:v1", true)).isEmpty();
    }
}
