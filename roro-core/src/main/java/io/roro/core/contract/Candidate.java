package io.roro.core.contract;

import java.time.Duration;
import java.util.Optional;

/**
 * A version running beside a service's live one before it takes over: a canary answering {@code share} percent of
 * the requests, or a shadow that gets a copy of every request while users only ever get the live answers.
 *
 * @param share    percent of requests the canary answers (1-99); 0 for a shadow
 * @param judgeFor how long after its start the canary is judged (promoted if it kept its limits), for whoever
 *                 watches it; empty when it waits for someone to promote it or take it away
 */
public record Candidate(Mode mode, Optional<String> modelVersion, Optional<String> buildVersion, int share,
        Optional<Duration> judgeFor) {

    public enum Mode {
        CANARY, SHADOW
    }

    public Candidate {
        if (mode == Mode.CANARY && (share < 1 || share > 99)) {
            throw new IllegalArgumentException("a canary takes 1 to 99 percent of the requests, not " + share);
        }
        if (mode == Mode.SHADOW && share != 0) {
            throw new IllegalArgumentException("a shadow answers no user request; its share is 0, not " + share);
        }
    }

    /** The share of user requests the live version beside it answers: what a canary leaves, all beside a shadow. */
    public int liveShare() {
        return mode == Mode.CANARY ? 100 - share : 100;
    }

    /** How the candidate is named in timelines and ps: "canary 10% m:v2", "shadow m:v2". */
    public String describe() {
        String what = modelVersion.orElse(buildVersion.map(b -> "build " + b).orElse("a new build"));
        return mode == Mode.CANARY ? "canary " + share + "% " + what : "shadow " + what;
    }
}
