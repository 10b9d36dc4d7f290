package io.roro.core.ui;

/** A page or API record that does not exist: 404 with the message. */
final class UiNotFound extends RuntimeException {
    UiNotFound(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    UiNotFound(String message, Throwable cause) {
        super(message, cause);
    }
}
