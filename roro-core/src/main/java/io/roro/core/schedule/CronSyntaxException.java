package io.roro.core.schedule;

/** A schedule that Jenkins would not accept, with a message saying what would be valid. */
public class CronSyntaxException extends Exception {
    public CronSyntaxException(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    public CronSyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
