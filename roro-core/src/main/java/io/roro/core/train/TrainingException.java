package io.roro.core.train;

/** A training that could not start, or that ended FAILED or CANCELLED; the lineage record says the same. */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
