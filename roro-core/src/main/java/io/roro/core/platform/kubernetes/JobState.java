package io.roro.core.platform.kubernetes;

/** Where a Job of roro's (a training or an image build) is. */
public record JobState(Phase phase, String reason) {
    public enum Phase { RUNNING, SUCCEEDED, FAILED, MISSING }
}
