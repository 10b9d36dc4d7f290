package io.roro.core.contract;

/** Noronha's task states. FINISHED, FAILED and CANCELLED are final: a training never leaves them. */
public enum TrainingState {
    WAITING, RUNNING, FINISHED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
