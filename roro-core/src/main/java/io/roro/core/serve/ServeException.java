package io.roro.core.serve;

/** A service that could not be (re)started; what stayed live is recorded in the deployment's timeline. */
public class ServeException extends RuntimeException {
    public ServeException(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    public ServeException(String message, Throwable cause) {
        super(message, cause);
    }
}
