package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.Origin;
import io.roro.core.contract.VersionNotes;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;
import org.bson.Document;

/** Tags and descriptions of model versions: mutable notes kept apart from the versions, which never change. */
public final class VersionNotesStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final int MAX_VALUE = 1000;
    private static final int MAX_DESCRIPTION = 10_000;

    private final LineageDocuments docs;
    private final ModelStore models;

  public   VersionNotesStore(LineageDocuments docs, ModelStore models) {
        this.docs = docs;
        this.models = models;
    }

    public VersionNotes of(String versionId) {
        return docs.byId(LineageDatabase.VERSION_NOTES, versionId).map(ModelDocuments::notes)
                .orElseGet(() -> VersionNotes.none(versionId));
    }

    /** The versions whose tag {@code key} is {@code value} (what a search's {@code tags.KEY = VALUE} names). */
    public List<String> tagged(String key, String value) {
        List<String> ids = new ArrayList<>();
        docs.collection(LineageDatabase.VERSION_NOTES).find(eq("tags." + key, value)).projection(new Document("_id", 1))
                .forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Sets {@code set} and removes {@code removed} tags of a version, in one update. */
    public VersionNotes tag(String versionId, Map<String, String> set, List<String> removed, Origin origin) {
        requireVersion(versionId);
        List<Bson> updates = new ArrayList<>();
        set.forEach((key, value) -> {
            checkKey(key);
            if (value.length() > MAX_VALUE || value.contains("\n")) {
                throw new LineageException("tag " + key + ": a value is one line of at most " + MAX_VALUE
                        + " characters");
            }
            updates.add(Updates.set("tags." + key, value));
        });
        removed.forEach(key -> {
            checkKey(key);
            updates.add(Updates.unset("tags." + key));
        });
        return change(versionId, updates, origin);
    }

    /** Sets the description of a version; empty removes it. */
    public VersionNotes describe(String versionId, Optional<String> description, Origin origin) {
        requireVersion(versionId);
        if (description.isPresent() && description.get().length() > MAX_DESCRIPTION) {
            throw new LineageException("a description is at most " + MAX_DESCRIPTION + " characters");
        }
        return change(versionId, List.of(description.isPresent() && !description.get().isBlank()
                ? Updates.set("description", description.get().strip()) : Updates.unset("description")), origin);
    }

    private VersionNotes change(String versionId, List<Bson> updates, Origin origin) {
        List<Bson> all = new ArrayList<>(updates);
        all.add(Updates.set("changed_at", new Date()));
        all.add(Updates.set("changed_by", Docs.of(origin)));
        docs.collection(LineageDatabase.VERSION_NOTES).updateOne(eq("_id", versionId), Updates.combine(all),
                new UpdateOptions().upsert(true));
        docs.commit();
        return of(versionId);
    }

    private void requireVersion(String versionId) {
        if (models.modelVersion(versionId).isEmpty()) {
            throw new LineageException("no model version " + versionId);
        }
    }

    private static void checkKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new LineageException("tag name \"" + key + "\": letters, digits, _ and - (starting with a letter)");
        }
    }
}
