package io.roro.core.train;

import io.roro.core.contract.TrainingStatus;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import java.time.Duration;
import java.util.Optional;

/**
 * How a detached training is followed from elsewhere (Jenkins' nhaTrain on the controller): from its lineage
 * record where that is enough, from {@code roro train status} on the agent where it is not. The record is enough
 * once it is final (a Kubernetes Job records its own end, so no agent is needed at all); only the agent can see a
 * container on its own engine end, and it publishes the output, so it is asked every {@code askAgentEvery} while
 * the record says the training runs, and whenever a finished training's version is not recorded yet.
 */
public record TrainingWatch(Duration askAgentEvery) {

    /** What to do at this poll. */
    public sealed interface Next permits Wait, AskAgent, End {
    }

    /** Nothing to do but look again later. */
    public record Wait() implements Next {
    }

    /** Run {@code roro train status} on the agent: it finishes what only it can see. */
    public record AskAgent() implements Next {
    }

    /** The training has ended as lineage records it. */
    public record End(TrainingStatus status) implements Next {
    }

    /**
     * @param recorded       the training as lineage has it now, empty where the controller cannot read lineage
     * @param publishes      whether the step publishes the training's output as a version
     * @param sinceAgentAsked how long ago the agent was last asked (since the start, before the first time)
     */
    public Next next(Optional<TrainingRun> recorded, boolean publishes, Duration sinceAgentAsked) {
        if (recorded.isEmpty()) {
            return new AskAgent();
        }
        TrainingRun run = recorded.get();
        if (run.state().isFinal()) {
            boolean versionPending = run.state() == TrainingState.FINISHED && publishes && run.model().isPresent()
                    && run.modelVersions().isEmpty();
            // FINISHED is recorded before the output is published, by whoever finishes it: that one says how it went
            return versionPending ? new AskAgent() : new End(TrainResult.status(run, Optional.empty()));
        }
        return sinceAgentAsked.compareTo(askAgentEvery) >= 0 ? new AskAgent() : new Wait();
    }
}
