package io.roro.core.schedule;

/** A schedule that Jenkins would not accept, with a message saying what would be valid. */
public class CronSyntaxException extends Exception {
    public CronSyntaxException(String message) {
        super(message);
    }
}
