package io.roro.core.contract;

/**
 * What changed in a deployment; each change appends one event. CANARY_STARTED and SHADOW_STARTED put a candidate
 * beside the live version; PROMOTED makes it the live one; ABORTED takes it away (the message says why).
 */
public enum DeploymentEventType {
    DEPLOYED, SCALED, ROLLED_BACK, STOPPED, FAILED, CANARY_STARTED, SHADOW_STARTED, PROMOTED, ABORTED
}
