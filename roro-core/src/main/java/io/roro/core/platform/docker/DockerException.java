package io.roro.core.platform.docker;

/** A docker operation failed; the message carries docker's own explanation. */
public class DockerException extends RuntimeException {
    public DockerException(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    public DockerException(String message, Throwable cause) {
        super(message, cause);
    }
}
