package io.roro.core.lineage.store;

import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelAlias;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Aliases of model versions: names that move ({@code roro versions alias credit-model champion v3}), usable
 * wherever a version is asked for (a version of that name first: an alias never hides one).
 */
public final class AliasStore {
    /** A name as a version's, but not one that reads as an allocated version number or as "latest". */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern ALLOCATED = Pattern.compile("v[0-9]+");

    private final LineageDocuments docs;
    private final ModelStore models;

  public   AliasStore(LineageDocuments docs, ModelStore models) {
        this.docs = docs;
        this.models = models;
    }

    /** Points {@code alias} of {@code model} at {@code version} ({@code v3} or {@code MODEL:v3}), recording the move. */
    public ModelAlias set(String model, String alias, String version, Origin origin) {
        checkName(model, alias);
        String id = version.startsWith(model + ":") ? version : LineageIds.modelVersion(model, version);
        ModelVersion target = models.modelVersion(id).orElseThrow(() -> new LineageException("no model version "
                + id));
        if (!target.state().usable()) {
            throw new LineageException(id + " is archived; an alias names a published version");
        }
        return move(model, alias, Optional.of(id), origin);
    }

    /** Removes {@code alias}; its history stays. */
    public ModelAlias remove(String model, String alias, Origin origin) {
        if (get(model, alias).flatMap(ModelAlias::version).isEmpty()) {
            throw new LineageException(model + " has no alias " + alias);
        }
        return move(model, alias, Optional.empty(), origin);
    }

    private ModelAlias move(String model, String alias, Optional<String> to, Origin origin) {
        // one request: atomic on MongoDB and on the embedded server (which takes one request at a time), so two
        // moves at once both stay in the history and the later one holds
        ModelAlias.Move move = new ModelAlias.Move(to, Instant.now(), origin);
        docs.collection(LineageDatabase.MODEL_ALIASES).updateOne(eq("_id", LineageIds.modelVersion(model, alias)),
                Updates.combine(Updates.setOnInsert("model", model), Updates.setOnInsert("alias", alias),
                        Updates.set("version", to.orElse(null)), Updates.push("history", ModelDocuments.of(move))),
                new UpdateOptions().upsert(true));
        docs.commit();
        return get(model, alias).orElseThrow();
    }

    public Optional<ModelAlias> get(String model, String alias) {
        return docs.byId(LineageDatabase.MODEL_ALIASES, LineageIds.modelVersion(model, alias)).map(ModelDocuments::alias);
    }

    /** The aliases of {@code model} that name a version now. */
    public List<ModelAlias> of(String model) {
        List<ModelAlias> all = new ArrayList<>();
        docs.collection(LineageDatabase.MODEL_ALIASES).find(eq("model", model)).forEach(d -> all.add(
                ModelDocuments.alias(d)));
        return all.stream().filter(a -> a.version().isPresent()).sorted(
                Comparator.comparing(ModelAlias::alias)).toList();
    }

    /** The aliases naming each version of {@code models} now, by version id (one read per model). */
    public Map<String, List<String>> byVersion(Collection<String> models) {
        Map<String, List<String>> named = new HashMap<>();
        models.stream().distinct().forEach(m -> of(m).forEach(a -> named.computeIfAbsent(a.version().orElseThrow(),
                k -> new ArrayList<>()).add(a.alias())));
        return named;
    }

    /** The aliases naming {@code versionId} now. */
    public List<String> naming(String versionId) {
        String model = versionId.substring(0, versionId.indexOf(':'));
        return of(model).stream().filter(a -> a.version().orElseThrow().equals(versionId)).map(ModelAlias::alias)
                .toList();
    }

    /**
     * The version {@code name} stands for in {@code model}: the version of that name, else the one the alias of
     * that name points at.
     */
    public Optional<ModelVersion> resolve(String model, String name) {
        Optional<ModelVersion> version = models.modelVersion(LineageIds.modelVersion(model, name));
        if (version.isPresent()) {
            return version;
        }
        return get(model, name).flatMap(ModelAlias::version).flatMap(models::modelVersion);
    }

    private void checkName(String model, String alias) {
        if (!NAME.matcher(alias).matches() || ALLOCATED.matcher(alias).matches() || alias.equals("latest")) {
            throw new LineageException("alias \"" + alias + "\": use lowercase letters, digits, - and _ (starting with"
                    + " a letter), not vN or latest, which name versions");
        }
        if (models.modelVersion(LineageIds.modelVersion(model, alias)).isPresent()) {
            throw new LineageException(model + " has a version named " + alias + "; an alias cannot take its name");
        }
    }
}
