package io.roro.core.ui;

/** A page or API record that does not exist: 404 with the message. */
final class UiNotFound extends RuntimeException {
    UiNotFound(String message) {
        super(message);
    }
}
