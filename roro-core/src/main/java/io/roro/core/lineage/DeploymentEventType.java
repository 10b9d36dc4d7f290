package io.roro.core.lineage;

/** What changed in a deployment; each change appends one event. */
public enum DeploymentEventType {
    DEPLOYED, SCALED, ROLLED_BACK, STOPPED, FAILED
}
