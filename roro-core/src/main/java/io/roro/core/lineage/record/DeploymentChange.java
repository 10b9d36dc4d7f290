package io.roro.core.lineage.record;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.Origin;
import java.time.Instant;
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

    /** The timeline entry this change makes as the service's revision {@code revision}. */
    public DeploymentEvent event(long revision, Instant at) {
        return new DeploymentEvent(project, service, revision, type, state, modelVersion, buildVersion, replicas,
                endpoint, message, at, origin, candidate);
    }
}
