package io.roro.core.lineage.database;

import io.roro.core.secrets.Secrets;
import java.util.Optional;

/**
 * Where a Jenkins controller keeps lineage (the plugin's {@code mongoUri} setting): a MongoDB URI, or
 * {@value #EMBEDDED} for the controller's own store under {@code $JENKINS_HOME/roro}, which only steps on the
 * built-in node can reach (an agent would get a store of its own, and lineage would split without a word). An
 * empty value is refused rather than read as "embedded": in JCasC an unset {@code ${RORO_MONGO_URI}} resolves to
 * an empty string, and that is a mistake to report, not a choice.
 *
 * @param mongoUri the URI; empty for the embedded store
 */
public record StoreSetting(Optional<String> mongoUri) {
    public static final String EMBEDDED = "embedded";
    private static final String SETTING = "roro's mongoUri (Manage Jenkins > System > roro, or unclassified.roro"
            + ".mongoUri in JCasC)";

    /** The setting as written; an error names the setting and what would be valid. */
    public static StoreSetting parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(SETTING + " is empty (an unset ${RORO_MONGO_URI} in JCasC resolves to"
                    + " an empty value): give a MongoDB URI such as mongodb://mongo.ml.svc:27017/?replicaSet=rs0, or '"
                    + EMBEDDED + "' for the controller's own store (steps on the built-in node only)");
        }
        if (v.contains("${")) {
            throw new IllegalArgumentException(SETTING + " is '" + v + "', a variable that was not resolved: set it in"
                    + " the controller's environment, or write the URI");
        }
        if (v.equals(EMBEDDED)) {
            return new StoreSetting(Optional.empty());
        }
        if (!v.startsWith("mongodb://") && !v.startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException(SETTING + " '" + Secrets.maskPassword(v) + "' is not a MongoDB"
                    + " connection string (mongodb:// or mongodb+srv://) nor '" + EMBEDDED + "'");
        }
        return new StoreSetting(Optional.of(v));
    }

    public boolean isEmbedded() {
        return mongoUri.isEmpty();
    }

    /** Why a step on node {@code nodeName} ("" is the built-in node) cannot reach this store, if it cannot. */
    public Optional<String> problemOn(String nodeName) {
        if (isEmbedded() && !nodeName.isEmpty()) {
            return Optional.of("lineage is the controller's embedded store, which only steps on the built-in node"
                    + " can reach, and this step runs on '" + nodeName + "': set " + SETTING + " to a MongoDB URI");
        }
        return Optional.empty();
    }
}
