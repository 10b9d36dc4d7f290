package io.roro.core.ui;

/** A request the UI cannot answer as asked (a bad id, filter or time): 400 with the message. */
final class UiBadRequest extends RuntimeException {
    UiBadRequest(String message) {
        super(message);
    }

    /** The same, with what failed underneath (kept for the log and a debugger, not shown to the user). */
    UiBadRequest(String message, Throwable cause) {
        super(message, cause);
    }
}
