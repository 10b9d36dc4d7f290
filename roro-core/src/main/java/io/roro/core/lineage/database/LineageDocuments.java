package io.roro.core.lineage.database;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * What every lineage store shares: documents by key and the write rules. Writes are ordered so that a process
 * killed at any point leaves nothing half-visible: links from parents are written first (a link to a record that
 * does not exist yet is ignored by readers), the record itself last. Nothing is ever deleted; records are archived.
 */
public final class LineageDocuments {
    private final LineageDatabase db;

    public LineageDocuments(LineageDatabase db) {
        this.db = db;
    }

    public LineageDatabase database() {
        return db;
    }

    public MongoCollection<Document> collection(String name) {
        return db.collection(name);
    }

    public void commit() {
        db.commit();
    }

    public Optional<Document> byId(String collection, String id) {
        return Optional.ofNullable(collection(collection).find(eq("_id", id)).first());
    }


    /** Documents by id, in the order of {@code ids}, in one round trip; ids that do not resolve are skipped. */
    public List<Document> byIds(String collection, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Document> found = new HashMap<>();
        collection(collection).find(in("_id", ids)).forEach(d -> found.put(d.getString("_id"), d));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    public void addLink(String collection, String parentId, String field, String childId) {
        collection(collection).updateOne(eq("_id", parentId), Updates.addToSet(field, childId));
    }

    /** Inserts unless a document with the same key exists; never overwrites (that would drop its child links). */
    public boolean insertIfAbsent(String collection, Document document) {
        // the unique indexes refuse a second document with the key: one round trip, and under the process-wide
        // lock on the embedded server, which does not make inserts atomic between its connections
        return db.atomically(() -> {
            try {
                collection(collection).insertOne(document);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        });
    }

    public static void requireUpdated(long matched, String what, String id) {
        if (matched == 0) {
            throw new LineageException("no " + what + " " + id);
        }
    }
}
