package io.roro.core.serve;

/** A service that could not be (re)started; what stayed live is recorded in the deployment's timeline. */
public class ServeException extends RuntimeException {
    public ServeException(String message) {
        super(message);
    }
}
