package io.roro.core.build;

/** A project image could not be built; the message says why and what to do. */
public class BuildException extends RuntimeException {
    public BuildException(String message) {
        super(message);
    }
}
