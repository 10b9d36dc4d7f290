package io.roro.core.platform;

/** A platform cannot do what was asked (no engine, no cluster, a setting missing); the message says why. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
