package io.roro.core.build;

import io.roro.core.contract.BuildVersion;

/** A builder on this machine whose images reach a cluster by a push to the registry it pulls from. */
public interface PushingBuilder extends ProjectBuilder {
    /**
     * Pushes {@code build}'s image to {@code registry} ({@code registry.example.com/team}) and returns the
     * reference to pull there: {@code REGISTRY/PROJECT:TAG}.
     */
    String push(BuildVersion build, String registry);
}
