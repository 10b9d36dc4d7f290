package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.Quarantine;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Quarantines, and what is derived from one: a model version is tainted when it, its dataset version, its build or
 * a version it was fine-tuned from (at any depth) is quarantined. Serving and training ask here before they act.
 */
public final class QuarantineStore {
    private final LineageDocuments docs;
    private final ModelStore models;

    private final LineageListener.Slot listener;

  public   QuarantineStore(LineageDocuments docs, ModelStore models, LineageListener.Slot listener) {
        this.docs = docs;
        this.models = models;
        this.listener = listener;
    }

    /** Quarantines {@code ref}; quarantining it again (active or lifted) renews it with this reason. */
    public Quarantine quarantine(LineageRef ref, String reason, Origin origin) {
        Quarantine q = new Quarantine(ref.format(), reason, Instant.now(), origin, Optional.empty());
        docs.collection(LineageDatabase.QUARANTINES).replaceOne(eq("_id", q.ref()), QuarantineDocuments.of(q),
                new ReplaceOptions().upsert(true));
        docs.commit();
        listener.tell(l -> l.quarantineChanged(q));
        return q;
    }

    /** Ends the quarantine of {@code ref}; it stays on record. A LineageException when none is active. */
    public Quarantine lift(LineageRef ref) {
        Quarantine active = active(ref).orElseThrow(() -> new LineageException(ref.format() + " is not quarantined"));
        docs.collection(LineageDatabase.QUARANTINES).updateOne(eq("_id", active.ref()),
                Updates.set("lifted_at", new Date()));
        docs.commit();
        Quarantine lifted = docs.byId(LineageDatabase.QUARANTINES, active.ref()).map(QuarantineDocuments::quarantine).orElseThrow();
        listener.tell(l -> l.quarantineChanged(lifted));
        return lifted;
    }

    public Optional<Quarantine> active(LineageRef ref) {
        return docs.byId(LineageDatabase.QUARANTINES, ref.format()).map(QuarantineDocuments::quarantine)
                .filter(Quarantine::active);
    }

    /** Every quarantine in force. */
    public List<Quarantine> active() {
        List<Quarantine> all = new ArrayList<>();
        docs.collection(LineageDatabase.QUARANTINES).find(eq("lifted_at", null)).forEach(d -> all.add(
                QuarantineDocuments.quarantine(d)));
        return all;
    }

    /** The quarantine a model version is derived from, if any (itself, its data, its build, what it was tuned from). */
    public Optional<Quarantine> taintOf(String modelVersionId) {
        Set<String> seen = new HashSet<>();
        String next = modelVersionId;
        while (next != null && seen.add(next)) {
            Optional<Quarantine> own = active(new LineageRef(LineageRef.Kind.MODEL_VERSION, next));
            if (own.isPresent()) {
                return own;
            }
            Optional<ModelVersion> version = models.modelVersion(next);
            if (version.isEmpty()) {
                return Optional.empty();
            }
            Optional<Quarantine> input = version.get().dataset()
                    .flatMap(d -> active(new LineageRef(LineageRef.Kind.DATASET, d)))
                    .or(() -> version.get().buildVersion().flatMap(this::ofBuild));
            if (input.isPresent()) {
                return input;
            }
            next = version.get().pretrained().orElse(null);
        }
        return Optional.empty();
    }

    public Optional<Quarantine> ofBuild(String buildVersionId) {
        return active(new LineageRef(LineageRef.Kind.BUILD, buildVersionId));
    }

    public Optional<Quarantine> ofDataset(String datasetId) {
        return active(new LineageRef(LineageRef.Kind.DATASET, datasetId));
    }

    /**
     * What of {@code graph} is quarantined or derived from a quarantine, a line each
     * ({@code credit-model:v12: derived from dataset/credit-model:credit-data:v7 ("...")}), sorted.
     */
    public List<String> markings(LineageGraph graph) {
        Set<String> found = new TreeSet<>();
        for (LineageGraph.Node n : graph.nodes().values()) {
            Optional<Quarantine> q = switch (n.kind()) {
                case DATASET -> ofDataset(n.key());
                case BUILD_VERSION -> ofBuild(n.key());
                case MODEL_VERSION -> taintOf(n.key());
                default -> Optional.empty();
            };
            q.ifPresent(x -> found.add(n.kind() == LineageGraph.Kind.MODEL_VERSION && !x.ref().equals(n.key())
                    ? n.key() + ": derived from " + x.describe() : x.describe()));
        }
        return List.copyOf(found);
    }
}
