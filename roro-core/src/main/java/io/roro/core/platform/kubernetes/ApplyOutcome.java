package io.roro.core.platform.kubernetes;

/** How applying a service ended. */
public record ApplyOutcome(Outcome outcome, String message) {
    public enum Outcome {
        /** The new spec is rolled out and every replica is available. */
        ROLLED_OUT,
        /** The cluster already ran exactly this spec: nothing was changed. */
        UNCHANGED,
        /** The new spec did not become available in time; the previous pod template was restored. */
        ROLLED_BACK,
        /** There was nothing to go back to: the first rollout of this service failed. */
        FAILED
    }
}
