package io.roro.core.lineage;

import java.util.Optional;

/**
 * A change to a service's deployment as an operation reports it; the store turns it into the new deployment state
 * plus one appended {@link DeploymentEvent}.
 */
public record DeploymentChange(String project, String service, DeploymentEventType type, DeploymentState state,
        Optional<String> modelVersion, Optional<String> buildVersion, int replicas, String profile, String target,
        Optional<String> endpoint, Optional<String> message, Origin origin) {
}
