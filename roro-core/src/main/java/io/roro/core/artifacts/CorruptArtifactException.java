package io.roro.core.artifacts;

import java.io.IOException;

/** Bytes read back do not match the sha256 recorded when they were written: never hand them out as a model. */
public class CorruptArtifactException extends IOException {
    public CorruptArtifactException(String message) {
        super(message);
    }
}
