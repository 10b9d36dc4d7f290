package io.roro.core.contract;

/** Where a service stands. Only RUNNING deployments are live. */
public enum DeploymentState {
    DEPLOYING, RUNNING, FAILED, STOPPED
}
