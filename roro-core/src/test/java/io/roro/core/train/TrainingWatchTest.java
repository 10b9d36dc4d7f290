package io.roro.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingWatchTest {
    private static final TrainingWatch WATCH = new TrainingWatch(Duration.ofSeconds(60));
    private static final Duration JUST_ASKED = Duration.ofSeconds(10);

    private static Optional<TrainingRun> run(TrainingState state, Optional<String> model, List<String> versions) {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        return Optional.of(new TrainingRun("credit-risk", "retrain-7", "retrain", Optional.empty(),
                Optional.of("python train.py"), Optional.empty(), Map.of(), "gpu", model, Optional.empty(), state,
                0.4, Map.of("auc", 0.9), state == TrainingState.FAILED ? Optional.of("exit code 3") : Optional.empty(),
                at, Optional.of(at), at, Optional.empty(), versions, Origin.of("jenkins", "alice")));
    }

    @Test
    void aRunningTrainingIsFollowedInLineageAndTheAgentAskedOnlyNowAndThen() {
        Optional<TrainingRun> running = run(TrainingState.RUNNING, Optional.of("credit-model"), List.of());
        assertInstanceOf(TrainingWatch.Wait.class, WATCH.next(running, true, JUST_ASKED));
        assertInstanceOf(TrainingWatch.AskAgent.class, WATCH.next(running, true, Duration.ofSeconds(60)));
    }

    @Test
    void aRecordedEndNeedsNoAgent() {
        // a Kubernetes Job records its own end: the step ends even when the agent pod that started it is gone
        TrainingWatch.Next failed = WATCH.next(run(TrainingState.FAILED, Optional.of("credit-model"), List.of()),
                true, JUST_ASKED);
        assertEquals(Optional.of("exit code 3"), ((TrainingWatch.End) failed).status().reason());
        TrainingWatch.Next finished = WATCH.next(run(TrainingState.FINISHED, Optional.of("credit-model"),
                List.of("credit-model:v8")), true, JUST_ASKED);
        assertEquals(Optional.of("credit-model:v8"), ((TrainingWatch.End) finished).status().modelVersion());
        assertInstanceOf(TrainingWatch.End.class, WATCH.next(run(TrainingState.FINISHED, Optional.empty(),
                List.of()), true, JUST_ASKED)); // a task without a model publishes nothing
        assertInstanceOf(TrainingWatch.End.class, WATCH.next(run(TrainingState.FINISHED,
                Optional.of("credit-model"), List.of()), false, JUST_ASKED)); // --no-publish
    }

    @Test
    void aFinishedTrainingWhoseVersionIsNotRecordedYetIsAskedAbout() {
        // FINISHED comes before the publish: whoever publishes knows whether it worked
        assertInstanceOf(TrainingWatch.AskAgent.class, WATCH.next(run(TrainingState.FINISHED,
                Optional.of("credit-model"), List.of()), true, JUST_ASKED));
    }

    @Test
    void withoutLineageOnTheControllerTheAgentIsAskedEveryTime() {
        assertInstanceOf(TrainingWatch.AskAgent.class, WATCH.next(Optional.empty(), true, Duration.ZERO));
    }
}
