package io.roro.core.lineage;

import java.util.Optional;

/**
 * A change to a service's deployment as an operation reports it; the store turns it into the new deployment state
 * plus one appended {@link DeploymentEvent}.
 *
 * @param candidate what runs beside the live version after this change (a canary or a shadow), if anything
 */
public record DeploymentChange(String project, String service, DeploymentEventType type, DeploymentState state,
        Optional<String> modelVersion, Optional<String> buildVersion, int replicas, String profile, String target,
        Optional<String> endpoint, Optional<String> message, Origin origin, Optional<Candidate> candidate) {

    /** A change that leaves no candidate beside the live version (every change but a canary's or shadow's start). */
    public DeploymentChange(String project, String service, DeploymentEventType type, DeploymentState state,
            Optional<String> modelVersion, Optional<String> buildVersion, int replicas, String profile,
            String target, Optional<String> endpoint, Optional<String> message, Origin origin) {
        this(project, service, type, state, modelVersion, buildVersion, replicas, profile, target, endpoint,
                message, origin, Optional.empty());
    }
}
