package io.roro.core.platform;

/** A platform cannot do what was asked (no engine, no cluster, a setting missing); the message says why. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }
}
