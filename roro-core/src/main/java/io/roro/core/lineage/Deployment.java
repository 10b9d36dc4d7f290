package io.roro.core.lineage;

import com.mongodb.client.model.Projections;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The current state of one service of a project: which model version and build it runs, where, and its revision,
 * the number of events in its timeline; {@code candidate} is a canary or shadow running beside it.
 */
public record Deployment(String project, String service, Optional<String> modelVersion,
        Optional<String> buildVersion, int replicas, String profile, String target, Optional<String> endpoint,
        DeploymentState state, long revision, Instant createdAt, Instant updatedAt, Origin origin,
        Optional<Candidate> candidate) {

    public Deployment {
        createdAt = Docs.millis(createdAt);
        updatedAt = Docs.millis(updatedAt);
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

    /**
     * What {@link #from} reads, as a projection: a listing asks for these fields by name because the embedded
     * server answers an exclusion (everything but the repair copy of the last event) at half the speed.
     */
    static final Bson FIELDS = Projections.include("project",
            "service", "model_version", "build_version", "replicas", "profile", "target", "endpoint", "state",
            "revision", "created_at", "updated_at", "origin", "candidate");

    public static Deployment from(Document d) {
        return new Deployment(d.getString("project"), d.getString("service"), Docs.string(d, "model_version"),
                Docs.string(d, "build_version"), d.getInteger("replicas", 0), d.getString("profile"),
                d.getString("target"), Docs.string(d, "endpoint"), DeploymentState.valueOf(d.getString("state")),
                ((Number) d.get("revision")).longValue(), Docs.instant(d, "created_at"),
                Docs.instant(d, "updated_at"), Docs.origin(d), Candidate.from(d));
    }

    /** The fields a change sets on the deployment document. */
    static Document fields(DeploymentChange c, Instant at) {
        Document d = new Document("project", c.project()).append("service", c.service())
                .append("replicas", c.replicas()).append("profile", c.profile()).append("target", c.target())
                .append("state", c.state().name()).append("updated_at", Date.from(at))
                .append("origin", c.origin().toDocument()).append("schema", Docs.SCHEMA_VERSION);
        d.append("model_version", c.modelVersion().orElse(null));
        d.append("build_version", c.buildVersion().orElse(null));
        d.append("endpoint", c.endpoint().orElse(null));
        d.append("candidate", c.candidate().map(Candidate::toDocument).orElse(null));
        return d;
    }
}
