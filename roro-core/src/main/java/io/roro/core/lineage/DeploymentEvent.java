package io.roro.core.lineage;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * One entry of a service's timeline; revision N is the N-th change, so "live at time T" is a binary search. The
 * model version is the one answering users (all of them, or {@code 100 - share} percent while a canary runs).
 */
public record DeploymentEvent(String project, String service, long revision, DeploymentEventType type,
        DeploymentState state, Optional<String> modelVersion, Optional<String> buildVersion, int replicas,
        Optional<String> endpoint, Optional<String> message, Instant at, Origin origin,
        Optional<Candidate> candidate) {

    public DeploymentEvent {
        at = Docs.millis(at); // as the store keeps it
    }

    /** The share of user requests the live version answers: 100, or what a canary leaves it. */
    public int liveShare() {
        return candidate.map(Candidate::liveShare).orElse(100);
    }

    public String id() {
        return LineageIds.deploymentEvent(LineageIds.deployment(project, service), revision);
    }

    static DeploymentEvent of(DeploymentChange c, long revision, Instant at) {
        return new DeploymentEvent(c.project(), c.service(), revision, c.type(), c.state(), c.modelVersion(),
                c.buildVersion(), c.replicas(), c.endpoint(), c.message(), at, c.origin(), c.candidate());
    }

    public Document toDocument() {
        Document d = Docs.base(id(), at, origin).append("project", project).append("service", service)
                .append("revision", revision).append("type", type.name()).append("state", state.name())
                .append("replicas", replicas).append("at", Date.from(at));
        Docs.put(d, "model_version", modelVersion);
        Docs.put(d, "build_version", buildVersion);
        Docs.put(d, "endpoint", endpoint);
        Docs.put(d, "message", message);
        candidate.ifPresent(c -> d.append("candidate", c.toDocument()));
        return d;
    }

    public static DeploymentEvent from(Document d) {
        return new DeploymentEvent(d.getString("project"), d.getString("service"),
                ((Number) d.get("revision")).longValue(), DeploymentEventType.valueOf(d.getString("type")),
                DeploymentState.valueOf(d.getString("state")), Docs.string(d, "model_version"),
                Docs.string(d, "build_version"), d.getInteger("replicas", 0), Docs.string(d, "endpoint"),
                Docs.string(d, "message"), Docs.instant(d, "at"), Docs.origin(d), Candidate.from(d));
    }
}
