package io.roro.core.lineage.store;

import com.mongodb.client.model.Projections;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** A service's deployment and its timeline's events as documents. */
public final class DeploymentDocuments {
    /**
     * What {@link #deployment} reads, as a projection: a listing asks for these fields by name because the embedded
     * server answers an exclusion (everything but the repair copy of the last event) at half the speed.
     */
    static final Bson FIELDS = Projections.include("project",
            "service", "model_version", "build_version", "replicas", "profile", "target", "endpoint", "state",
            "revision", "created_at", "updated_at", "origin", "candidate");

    private DeploymentDocuments() {
    }

    public static Document of(DeploymentEvent e) {
        Document d = Docs.base(e.id(), e.at(), e.origin()).append("project", e.project())
                .append("service", e.service()).append("revision", e.revision()).append("type", e.type().name())
                .append("state", e.state().name()).append("replicas", e.replicas()).append("at", Date.from(e.at()));
        Docs.put(d, "model_version", e.modelVersion());
        Docs.put(d, "build_version", e.buildVersion());
        Docs.put(d, "endpoint", e.endpoint());
        Docs.put(d, "message", e.message());
        e.candidate().ifPresent(c -> d.append("candidate", of(c)));
        return d;
    }

    public static DeploymentEvent event(Document d) {
        return new DeploymentEvent(d.getString("project"), d.getString("service"),
                ((Number) d.get("revision")).longValue(), DeploymentEventType.valueOf(d.getString("type")),
                DeploymentState.valueOf(d.getString("state")), Docs.string(d, "model_version"),
                Docs.string(d, "build_version"), d.getInteger("replicas", 0), Docs.string(d, "endpoint"),
                Docs.string(d, "message"), Docs.instant(d, "at"), Docs.origin(d), candidate(d));
    }

    public static Deployment deployment(Document d) {
        return new Deployment(d.getString("project"), d.getString("service"), Docs.string(d, "model_version"),
                Docs.string(d, "build_version"), d.getInteger("replicas", 0), d.getString("profile"),
                d.getString("target"), Docs.string(d, "endpoint"), DeploymentState.valueOf(d.getString("state")),
                ((Number) d.get("revision")).longValue(), Docs.instant(d, "created_at"),
                Docs.instant(d, "updated_at"), Docs.origin(d), candidate(d));
    }

    /** The fields a change sets on the deployment document. */
    static Document fields(DeploymentChange c, Instant at) {
        Document d = new Document("project", c.project()).append("service", c.service())
                .append("replicas", c.replicas()).append("profile", c.profile()).append("target", c.target())
                .append("state", c.state().name()).append("updated_at", Date.from(at))
                .append("origin", Docs.of(c.origin())).append("schema", Docs.SCHEMA_VERSION);
        d.append("model_version", c.modelVersion().orElse(null));
        d.append("build_version", c.buildVersion().orElse(null));
        d.append("endpoint", c.endpoint().orElse(null));
        d.append("candidate", c.candidate().map(DeploymentDocuments::of).orElse(null));
        return d;
    }

    static Document of(Candidate c) {
        Document d = new Document("mode", c.mode().name()).append("share", c.share());
        Docs.put(d, "model_version", c.modelVersion());
        Docs.put(d, "build_version", c.buildVersion());
        c.judgeFor().ifPresent(t -> d.append("judge_for_s", t.toSeconds()));
        return d;
    }

    /** The candidate beside the live version that {@code parent} records, if any. */
    static Optional<Candidate> candidate(Document parent) {
        Document d = parent.get("candidate", Document.class);
        if (d == null) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(Candidate.Mode.valueOf(d.getString("mode")), Docs.string(d, "model_version"),
                Docs.string(d, "build_version"), d.getInteger("share", 0), Optional.ofNullable(
                d.get("judge_for_s", Number.class)).map(n -> Duration.ofSeconds(n.longValue()))));
    }
}
