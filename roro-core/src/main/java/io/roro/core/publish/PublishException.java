package io.roro.core.publish;

/** A publish refused before anything was recorded: missing or oversized files, unknown references. */
public class PublishException extends RuntimeException {
    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
