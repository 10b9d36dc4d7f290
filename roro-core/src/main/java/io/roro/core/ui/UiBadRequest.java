package io.roro.core.ui;

/** A request the UI cannot answer as asked (a bad id, filter or time): 400 with the message. */
final class UiBadRequest extends RuntimeException {
    UiBadRequest(String message) {
        super(message);
    }
}
