package io.roro.core.contract;

/** A command's JSON that does not have the shape of the record it stands for. */
public final class CommandJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandJsonException(String message) {
        super(message);
    }

    CommandJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
