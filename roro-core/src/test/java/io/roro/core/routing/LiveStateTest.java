package io.roro.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.contract.Candidate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live file's states as roro writes and reads them (the backends read the same text: test_traffic.py). */
class LiveStateTest {
    private static final LiveState CANARY = new LiveState("aaaaaa", Optional.of(new LiveState.CandidateRoute(
            "bbbbbb", Candidate.Mode.CANARY, 10, List.of())));
    private static final LiveState SHADOW = new LiveState("aaaaaa", Optional.of(new LiveState.CandidateRoute(
            "bbbbbb", Candidate.Mode.SHADOW, 0, List.of(8101, 8102))));

    @Test
    void eachStateIsWrittenAndReadBack() {
        assertThat(CANARY.render()).isEqualTo("aaaaaa:90 bbbbbb:10");
        assertThat(SHADOW.render()).isEqualTo("aaaaaa bbbbbb:shadow@8101,8102");
        for (LiveState state : List.of(CANARY, SHADOW, LiveState.of("aaaaaa"))) {
            assertThat(LiveState.parse(state.render())).contains(state);
        }
    }

    @Test
    void aFileLeftInAHandOversOverlapReadsAsTheStateItWasSwitchingTo() {
        assertThat(LiveState.parse("bbbbbb aaaaaa:90 bbbbbb:10")).contains(LiveState.of("bbbbbb")); // a promotion
        assertThat(LiveState.parse("aaaaaa aaaaaa:90 bbbbbb:10")).contains(LiveState.of("aaaaaa")); // a drop
        assertThat(LiveState.parse("aaaaaa:90 bbbbbb:10 aaaaaa")).contains(CANARY); // a canary's start
        assertThat(LiveState.parse("bbbbbb aaaaaa")).contains(LiveState.of("bbbbbb"));
        assertThat(LiveState.generations("bbbbbb aaaaaa:90 bbbbbb:10")).containsExactly("bbbbbb", "aaaaaa");
        assertThat(LiveState.parse("  ")).isEmpty();
    }

    @Test
    void aStandbyGenerationTakesNothingAndLeavesTheStateAsItWas() {
        for (LiveState state : List.of(CANARY, SHADOW, LiveState.of("aaaaaa"))) {
            String standby = LiveState.standby(state.render(), "cccccc");
            assertThat(standby).isEqualTo(state.render() + " cccccc:standby");
            assertThat(LiveState.parse(standby)).contains(state);
            assertThat(LiveState.generations(standby)).doesNotContain("cccccc");
            assertThat(LiveState.settled(standby)).isEqualTo(state.render());
        }
        assertThat(LiveState.standby("aaaaaa bbbbbb:standby", "cccccc")).as("one standby at a time")
                .isEqualTo("aaaaaa cccccc:standby");
    }
}
