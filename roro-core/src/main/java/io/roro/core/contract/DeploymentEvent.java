package io.roro.core.contract;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of a service's timeline; revision N is the N-th change, so "live at time T" is a binary search. The
 * model version is the one answering users (all of them, or {@code 100 - share} percent while a canary runs).
 */
public record DeploymentEvent(String project, String service, long revision, DeploymentEventType type,
        DeploymentState state, Optional<String> modelVersion, Optional<String> buildVersion, int replicas,
        Optional<String> endpoint, Optional<String> message, Instant at, Origin origin,
        Optional<Candidate> candidate) {

    public DeploymentEvent {
        at = RecordValues.millis(at); // as the store keeps it
    }

    /** The share of user requests the live version answers: 100, or what a canary leaves it. */
    public int liveShare() {
        return candidate.map(Candidate::liveShare).orElse(100);
    }

    public String id() {
        return LineageIds.deploymentEvent(LineageIds.deployment(project, service), revision);
    }
}
