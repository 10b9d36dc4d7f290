package io.roro.core.runtime.kubernetes;

/** Where a training Job is, in the terms of a training record. */
public record TrainingJobState(Phase phase, String reason) {
    public enum Phase { RUNNING, SUCCEEDED, FAILED, MISSING }
}
