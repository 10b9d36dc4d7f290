package io.roro.core.platform.docker;

/** A docker operation failed; the message carries docker's own explanation. */
public class DockerException extends RuntimeException {
    public DockerException(String message) {
        super(message);
    }
}
