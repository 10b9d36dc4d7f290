package io.roro.core.runtime;

/** A docker operation failed; the message carries docker's own explanation. */
public class DockerException extends RuntimeException {
    public DockerException(String message) {
        super(message);
    }
}
