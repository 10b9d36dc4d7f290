package io.roro.core.lineage.database;

import io.roro.core.secrets.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where lineage lives. Without a URI, an embedded server keeps it in an H2 file ({@code ~/.roro/lineage.mv} for the
 * CLI, {@code $JENKINS_HOME/roro/lineage.mv} for the plugin). The password is never part of {@link #toString()}.
 *
 * @param uri      a MongoDB connection string; empty for the embedded store
 * @param password used with {@code user} when the URI carries no credentials
 */
public record LineageConfig(Optional<String> uri, String database, Optional<String> user, Optional<String> password,
        Path embeddedFile) {

    public static final String DEFAULT_DATABASE = "roro";

    public static LineageConfig embedded(Path file) {
        return new LineageConfig(Optional.empty(), DEFAULT_DATABASE, Optional.empty(), Optional.empty(), file);
    }

    /**
     * From the environment ({@code RORO_MONGO_URI}, {@code RORO_MONGO_DATABASE}, {@code RORO_MONGO_USER},
     * {@code RORO_MONGO_PASSWORD}, {@code RORO_HOME}) over {@code RORO_HOME/config.yml}'s
     * {@code mongo: {uri, database, user, password}}. {@code RORO_MONGO_PASSWORD_FILE} names a file holding the
     * password instead (what the Jenkins plugin passes: an owner-only file, so no environment dump shows it).
     */
    public static LineageConfig load(Map<String, String> env) {
        Path home = home(env);
        JsonNode file = readConfig(home.resolve("config.yml")).path("mongo");
        return new LineageConfig(
                value(env, "RORO_MONGO_URI", file, "uri"),
                value(env, "RORO_MONGO_DATABASE", file, "database").orElse(DEFAULT_DATABASE),
                value(env, "RORO_MONGO_USER", file, "user"),
                value(env, "RORO_MONGO_PASSWORD", file, "password").or(() -> passwordFile(env)),
                value(env, "RORO_LINEAGE_FILE", file, "embedded_file").map(Path::of)
                        .orElse(home.resolve("lineage.mv")));
    }

    private static Optional<String> passwordFile(Map<String, String> env) {
        String name = env.get("RORO_MONGO_PASSWORD_FILE");
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            String password = Files.readString(Path.of(name)).strip();
            return password.isEmpty() ? Optional.empty() : Optional.of(password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read RORO_MONGO_PASSWORD_FILE " + name + ": " + e.getMessage(), e);
        }
    }

    /** roro's own directory: {@code RORO_HOME}, else {@code ~/.roro}. */
    public static Path home(Map<String, String> env) {
        return Optional.ofNullable(env.get("RORO_HOME")).filter(h -> !h.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".roro"));
    }

    private static Optional<String> value(Map<String, String> env, String variable, JsonNode file, String key) {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv);
        }
        JsonNode node = file.path(key);
        return node.isValueNode() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private static JsonNode readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            return new ObjectMapper().createObjectNode();
        }
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return node == null ? new ObjectMapper().createObjectNode() : node;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read roro configuration: " + e.getMessage(), e);
        }
    }

    public boolean isEmbedded() {
        return uri.isEmpty();
    }

    /** Where lineage is, fit for logs: the URI with its password masked, or the embedded file. */
    public String describe() {
        return uri.map(u -> Secrets.maskPassword(u) + " (database " + database + ")")
                .orElse("embedded store " + embeddedFile);
    }

    @Override
    public String toString() {
        return "LineageConfig[" + describe() + user.map(u -> ", user " + u).orElse("")
                + password.map(p -> ", password " + Secrets.MASK).orElse("") + "]";
    }
}
