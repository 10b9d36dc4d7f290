package io.roro.core.lineage.store;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelVersion;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Deployments and their timelines. Every change bumps the deployment's revision and appends the event with that
 * revision, so the timeline of a service is events 1..revision and "what was live at T" is a binary search over
 * lookups by {@code _id} (fast on the embedded server, which has no fast secondary indexes).
 */
public final class DeploymentLog {
    private final LineageDatabase db;
    private final LineageListener.Slot listener;
    private final LineageDocuments docs;
    private final ModelStore models;

  public   DeploymentLog(LineageDocuments docs, ModelStore models, LineageListener.Slot listener) {
        this.listener = listener;
        this.docs = docs;
        this.models = models;
        this.db = docs.database();
    }

    /**
     * Records a change. Order: link the model version and build to the deployment (harmless if we stop there), then
     * in one atomic update move the deployment to revision N with the full event embedded as {@code last_event},
     * then append event N. If the process dies before the append, {@link #timeline} restores it from
     * {@code last_event}. Concurrent changes to one service retry on the revision they read (optimistic locking).
     */
    public DeploymentEvent record(DeploymentChange change) {
        link(change);
        return recordLinked(change);
    }

    /**
     * The links of {@link #record} alone, for a serve to write while its backends start. They are harmless on their
     * own: queries follow a deployment's recorded state, so a version linked by a start that then failed shows as
     * "was deployed to", which it was (the timeline says it was rolled back).
     */
    public void link(DeploymentChange change) {
        String id = LineageIds.deployment(change.project(), change.service());
        // a canary's or shadow's version served traffic (or saw it) too: lineage says so both ways
        Stream.concat(change.modelVersion().stream(),
                change.candidate().flatMap(Candidate::modelVersion).stream()).distinct().forEach(mv -> {
                    docs.addLink(LineageDatabase.MODEL_VERSIONS, mv, "deployments", id);
                    linkUpstreamDatasets(mv, id);
                });
        Stream.concat(change.buildVersion().stream(),
                change.candidate().flatMap(Candidate::buildVersion).stream()).distinct()
                .forEach(b -> docs.addLink(LineageDatabase.BUILD_VERSIONS, b, "deployments", id));
    }

    /** {@link #record} for a change whose model version and build {@link #link} has linked already. */
    public DeploymentEvent recordLinked(DeploymentChange change) {
        String id = LineageIds.deployment(change.project(), change.service());
        MongoCollection<Document> deployments = db.collection(LineageDatabase.DEPLOYMENTS);
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<DeploymentEvent> recorded = db.atomically(() -> tryRecord(change, id, deployments));
            if (recorded.isPresent()) {
                listener.tell(l -> l.deploymentRecorded(recorded.get()));
                return recorded.get();
            }
        }
        throw new LineageException("deployment " + id + " is being changed by others too often; try again");
    }

    private Optional<DeploymentEvent> tryRecord(DeploymentChange change, String id,
            MongoCollection<Document> deployments) {
        Instant at = Instant.now();
        Optional<Document> current = docs.byId(LineageDatabase.DEPLOYMENTS, id);
        long revision = current.map(d -> ((Number) d.get("revision")).longValue()).orElse(0L) + 1;
        DeploymentEvent event = change.event(revision, at);
        Document fields = DeploymentDocuments.fields(change, at).append("revision", revision)
                .append("last_event", DeploymentDocuments.of(event));
        boolean written;
        if (current.isEmpty()) {
            written = insert(deployments, new Document("_id", id).append("created_at", Date.from(at))
                    .append("schema", Docs.SCHEMA_VERSION).append("project", change.project())
                    .append("service", change.service()).append("revision", 0L));
            written = written && deployments.updateOne(and(eq("_id", id), eq("revision", 0L)),
                    new Document("$set", fields)).getModifiedCount() == 1;
        } else {
            written = deployments.updateOne(and(eq("_id", id), eq("revision", revision - 1)),
                    new Document("$set", fields)).getModifiedCount() == 1;
        }
        if (written) {
            append(DeploymentDocuments.of(event));
            db.commit();
            return Optional.of(event);
        }
        return Optional.empty();
    }

    /**
     * Every dataset the version came from, directly or through its fine-tuning chain, learns that this deployment
     * served the version: "what is live that came from dataset X" is then one lookup plus the deployments.
     */
    private void linkUpstreamDatasets(String modelVersionId, String deploymentId) {
        Document pair = new Document("deployment", deploymentId).append("model_version", modelVersionId);
        Optional<ModelVersion> current = models.modelVersion(modelVersionId);
        for (int depth = 0; current.isPresent() && depth < 20; depth++) {
            current.get().dataset().ifPresent(d -> db.collection(LineageDatabase.DATASETS).updateOne(eq("_id", d),
                    Updates.addToSet("deployed", pair)));
            current = current.get().pretrained().flatMap(models::modelVersion);
        }
    }

    private static boolean insert(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return true; // someone else created it; the revision check decides who writes
            }
            throw e;
        }
    }

    private void append(Document event) {
        try {
            db.collection(LineageDatabase.DEPLOYMENT_EVENTS).insertOne(event);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public Optional<Deployment> deployment(String project, String service) {
        return docs.byId(LineageDatabase.DEPLOYMENTS, LineageIds.deployment(project, service))
                .map(DeploymentDocuments::deployment);
    }

    public List<Deployment> deployments(Optional<String> project) {
        // without the embedded last event (a copy kept for repair only): half of each document, not read here
        return db.collection(LineageDatabase.DEPLOYMENTS)
                .find(project.<Bson>map(p -> eq("project", p)).orElse(new Document()))
                .projection(DeploymentDocuments.FIELDS)
                .sort(Sorts.ascending("_id")).map(DeploymentDocuments::deployment).into(new ArrayList<>());
    }

    /**
     * The deployments serving {@code modelVersionId} now, as their live version or as a canary or shadow beside it
     * (found through the version's own deployment links).
     */
    public List<String> liveOn(String modelVersionId) {
        List<String> ids = docs.byId(LineageDatabase.MODEL_VERSIONS, modelVersionId)
                .map(d -> Docs.strings(d, "deployments")).orElse(List.of());
        return docs.byIds(LineageDatabase.DEPLOYMENTS, ids).stream().map(DeploymentDocuments::deployment)
                .filter(d -> d.isLive() && (d.modelVersion().equals(Optional.of(modelVersionId))
                        || d.candidate().flatMap(Candidate::modelVersion).equals(Optional.of(modelVersionId))))
                .map(Deployment::id).toList();
    }

    /** Every change of a service, oldest first. */
    public List<DeploymentEvent> timeline(String project, String service) {
        Optional<Document> deployment = docs.byId(LineageDatabase.DEPLOYMENTS,
                LineageIds.deployment(project, service));
        if (deployment.isEmpty()) {
            return List.of();
        }
        long revision = ((Number) deployment.get().get("revision")).longValue();
        List<DeploymentEvent> events = new ArrayList<>();
        for (long r = 1; r <= revision; r++) {
            event(project, service, r, deployment.get()).ifPresent(events::add);
        }
        return events;
    }

    /**
     * The model version a service served before its current one: the newest DEPLOYED event, older than the current
     * version's last deployment, with another version. What {@code roro rollback} goes back to.
     */
    public Optional<String> previousVersion(String project, String service) {
        Optional<Deployment> current = deployment(project, service);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> now = current.get().modelVersion();
        List<DeploymentEvent> events = timeline(project, service);
        for (int i = events.size() - 1; i >= 0; i--) {
            DeploymentEvent e = events.get(i);
            if ((e.type() == DeploymentEventType.DEPLOYED || e.type() == DeploymentEventType.ROLLED_BACK)
                    && e.modelVersion().isPresent() && !e.modelVersion().equals(now)) {
                return e.modelVersion();
            }
        }
        return Optional.empty();
    }

    /**
     * The revision that was live before the current one, as it was: the last DEPLOYED, ROLLED_BACK or PROMOTED
     * event whose model version and build differ from what runs now (a code deploy changes the build alone).
     */
    public Optional<DeploymentEvent> previousLive(String project, String service) {
        Optional<Deployment> current = deployment(project, service);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        List<DeploymentEvent> events = timeline(project, service);
        for (int i = events.size() - 1; i >= 0; i--) {
            DeploymentEvent e = events.get(i);
            boolean wasLive = e.type() == DeploymentEventType.DEPLOYED || e.type() == DeploymentEventType.ROLLED_BACK
                    || e.type() == DeploymentEventType.PROMOTED;
            if (wasLive && (!e.modelVersion().equals(current.get().modelVersion())
                    || !e.buildVersion().equals(current.get().buildVersion()))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The event in force for {@code service} at {@code time}: what was live then (empty before the first deploy). */
    public Optional<DeploymentEvent> at(String project, String service, Instant time) {
        Optional<Document> deployment = docs.byId(LineageDatabase.DEPLOYMENTS,
                LineageIds.deployment(project, service));
        if (deployment.isEmpty()) {
            return Optional.empty();
        }
        long low = 1;
        long high = ((Number) deployment.get().get("revision")).longValue();
        DeploymentEvent found = null;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            Optional<DeploymentEvent> event = event(project, service, mid, deployment.get());
            if (event.isEmpty()) {
                high = mid - 1; // cannot happen after repair; stay on the safe side
            } else if (!event.get().at().isAfter(time)) {
                found = event.get();
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<DeploymentEvent> event(String project, String service, long revision, Document deployment) {
        String id = LineageIds.deploymentEvent(LineageIds.deployment(project, service), revision);
        Optional<Document> event = docs.byId(LineageDatabase.DEPLOYMENT_EVENTS, id);
        if (event.isPresent()) {
            return event.map(DeploymentDocuments::event);
        }
        Document last = deployment.get("last_event", Document.class);
        if (last != null && id.equals(last.getString("_id"))) {
            append(last); // the writer died between bumping the deployment and appending: repair now
            db.commit();
            return Optional.of(DeploymentDocuments.event(last));
        }
        return Optional.empty();
    }
}
