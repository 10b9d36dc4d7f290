package io.roro.core.contract;

import java.time.Instant;
import java.util.Optional;

/**
 * The current state of one service of a project: which model version and build it runs, where, and its revision,
 * the number of events in its timeline; {@code candidate} is a canary or shadow running beside it.
 */
public record Deployment(String project, String service, Optional<String> modelVersion,
        Optional<String> buildVersion, int replicas, String profile, String target, Optional<String> endpoint,
        DeploymentState state, long revision, Instant createdAt, Instant updatedAt, Origin origin,
        Optional<Candidate> candidate) {

    public Deployment {
        createdAt = RecordValues.millis(createdAt);
        updatedAt = RecordValues.millis(updatedAt);
    }

    public String id() {
        return LineageIds.deployment(project, service);
    }

    public boolean isLive() {
        return state == DeploymentState.RUNNING;
    }

    /**
     * How this deployment serves {@code modelVersionId} now: "serving on" (the live version), "canary 10% on",
     * "shadow on"; empty when it does not.
     */
    public Optional<String> servesAs(String modelVersionId) {
        if (!isLive()) {
            return Optional.empty();
        }
        if (modelVersion.equals(Optional.of(modelVersionId))) {
            return Optional.of(candidate.filter(c -> c.mode() == Candidate.Mode.CANARY)
                    .map(c -> "serving " + c.liveShare() + "% on").orElse("serving on"));
        }
        return candidate.filter(c -> c.modelVersion().equals(Optional.of(modelVersionId)))
                .map(c -> c.mode() == Candidate.Mode.CANARY ? "canary " + c.share() + "% on" : "shadow on");
    }
}
