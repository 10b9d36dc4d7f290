package io.roro.core.rollout;

/** What the judge of a canary says after a reading: wait for more, promote it, or take it away (and why). */
public record Verdict(Decision decision, String reason) {

    public enum Decision {
        WAIT, PROMOTE, ABORT
    }

    static Verdict waiting(String reason) {
        return new Verdict(Decision.WAIT, reason);
    }

    static Verdict promote(String reason) {
        return new Verdict(Decision.PROMOTE, reason);
    }

    static Verdict abort(String reason) {
        return new Verdict(Decision.ABORT, reason);
    }
}
