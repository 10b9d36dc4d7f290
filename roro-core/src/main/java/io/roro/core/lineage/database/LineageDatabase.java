package io.roro.core.lineage.database;

import io.roro.core.secrets.Secrets;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.bson.Document;

/**
 * An open connection to the lineage database (a real MongoDB or the embedded server), its collections, unique
 * indexes (created at start-up, idempotently) and atomic counters.
 */
public final class LineageDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LineageDatabase.class.getName());
    public static final String PROJECTS = "projects";
    public static final String BUILD_VERSIONS = "build_versions";
    public static final String MODELS = "models";
    public static final String DATASETS = "datasets";
    public static final String TRAININGS = "trainings";
    public static final String MODEL_VERSIONS = "model_versions";
    public static final String DEPLOYMENTS = "deployments";
    public static final String DEPLOYMENT_EVENTS = "deployment_events";
    public static final String COUNTERS = "counters";
    public static final String QUARANTINES = "quarantines";
    public static final String MODEL_ALIASES = "model_aliases";
    public static final String VERSION_NOTES = "version_notes";

    /**
     * mongo-java-server (the embedded store) does not make a find-and-modify or a unique insert atomic against
     * concurrent connections; MongoDB does. The embedded store is single-process (its file is locked), so running
     * the operations that rely on atomicity under one process-wide lock makes them atomic there too, and costs
     * nothing that matters against MongoDB.
     */
    private final ReentrantLock atomicity = new ReentrantLock();
    private final MongoClient client;
    private final MongoDatabase database;
    private final Optional<EmbeddedMongo> embedded;
    private final String description;
    private final Optional<Path> embeddedFile;

    private LineageDatabase(MongoClient client, MongoDatabase database, Optional<EmbeddedMongo> embedded,
            String description, Optional<Path> embeddedFile) {
        this.client = client;
        this.database = database;
        this.embedded = embedded;
        this.description = description;
        this.embeddedFile = embeddedFile;
    }

    /**
     * Opens lineage. The embedded store is served by whichever process holds it: this one connects to a server
     * already running for the file (a roro command's, the shared one), or else holds the file itself while it lives.
     */
    public static LineageDatabase open(LineageConfig config) {
        return open(config, false);
    }

    /**
     * As {@link #open(LineageConfig)}, but the embedded store is never held by this process: a short command uses
     * the user's shared store server ({@link SharedStore}, started when none runs), so any number of commands use
     * lineage at once.
     */
    public static LineageDatabase openShared(LineageConfig config) {
        return open(config, true);
    }

    private static LineageDatabase open(LineageConfig config, boolean shared) {
        Optional<String> running = config.isEmbedded() ? SharedStore.running(config.embeddedFile()) : Optional.empty();
        Optional<EmbeddedMongo> embedded = config.isEmbedded() && running.isEmpty() && !shared
                ? Optional.of(EmbeddedMongo.start(config.embeddedFile())) : Optional.empty();
        try {
            String uri = config.uri().or(() -> running)
                    .or(() -> embedded.map(EmbeddedMongo::connectionString))
                    .orElseGet(() -> SharedStore.connect(config.embeddedFile()));
            MongoClient client = MongoClients.create(settings(uri, config));
            LineageDatabase db = new LineageDatabase(client, client.getDatabase(config.database()), embedded,
                    config.describe(), config.isEmbedded() ? Optional.of(config.embeddedFile()) : Optional.empty());
            db.createIndexes();
            return db;
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedMongo::close);
            throw new IllegalStateException("cannot open lineage at " + config.describe() + ": "
                    + Secrets.maskPassword(String.valueOf(e.getMessage())), e);
        }
    }

    /** The driver's settings: the URI's own, with 10 s timeouts where it sets none (the driver's are 30 s). */
    static MongoClientSettings settings(String uri, LineageConfig config) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection);
        if (connection.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(c -> c.serverSelectionTimeout(10, TimeUnit.SECONDS));
        }
        if (connection.getConnectTimeout() == null) {
            settings.applyToSocketSettings(s -> s.connectTimeout(10, TimeUnit.SECONDS));
        }
        if (config.user().isPresent() && config.password().isPresent() && connection.getCredential() == null) {
            settings.credential(MongoCredential.createCredential(config.user().get(), authSource(connection, uri),
                    config.password().get().toCharArray()));
        }
        return settings.build();
    }

    /**
     * Where the user given apart from the URI is defined, as MongoDB reads it from a URI with credentials: its
     * {@code authSource}, else the URI's database, else {@code admin}.
     */
    static String authSource(ConnectionString connection, String uri) {
        int query = uri.indexOf('?');
        if (query >= 0) {
            for (String pair : uri.substring(query + 1).split("&")) {
                if (pair.toLowerCase(Locale.ROOT).startsWith("authsource=") && pair.length() > 11) {
                    return URLDecoder.decode(pair.substring(11), StandardCharsets.UTF_8);
                }
            }
        }
        return connection.getDatabase() != null && !connection.getDatabase().isEmpty() ? connection.getDatabase()
                : "admin";
    }

    /** Connects to an already running server (tests, tools), e.g. {@code mongodb://127.0.0.1:27017}. */
    public static LineageDatabase connect(String uri, String databaseName) {
        MongoClient client = MongoClients.create(uri);
        LineageDatabase db = new LineageDatabase(client, client.getDatabase(databaseName), Optional.empty(),
                Secrets.maskPassword(uri), Optional.empty());
        db.createIndexes();
        return db;
    }

    private void createIndexes() {
        unique(PROJECTS, "name");
        unique(BUILD_VERSIONS, "project", "tag");
        unique(MODELS, "name");
        dropIndex(DATASETS, List.of("model", "name")); // one dataset per name, before datasets had versions
        unique(DATASETS, "model", "name", "version");
        unique(TRAININGS, "project", "name");
        unique(MODEL_VERSIONS, "model", "version");
        unique(DEPLOYMENTS, "project", "service");
        unique(DEPLOYMENT_EVENTS, "project", "service", "revision");
        unique(MODEL_ALIASES, "model", "alias");
    }

    /** Drops the index on exactly {@code fields}, if there is one (an index an earlier release created). */
    private void dropIndex(String collection, List<String> fields) {
        for (Document index : database.getCollection(collection).listIndexes()) {
            Document key = index.get("key", Document.class);
            if (key != null && List.copyOf(key.keySet()).equals(fields)) {
                LOG.info("dropping index " + index.getString("name") + " of " + collection + ", replaced");
                database.getCollection(collection).dropIndex(index.getString("name"));
            }
        }
    }

    private void unique(String collection, String... fields) {
        database.getCollection(collection).createIndex(Indexes.ascending(fields), new IndexOptions().unique(true));
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    public MongoDatabase mongo() {
        return database;
    }

    /** The next value of a named counter, atomically: two concurrent callers never get the same number. */
    public long next(String counter) {
        return atomically(() -> {
            Document after = collection(COUNTERS).findOneAndUpdate(new Document("_id", counter),
                    Updates.inc("seq", 1L), new FindOneAndUpdateOptions().upsert(true)
                            .returnDocument(ReturnDocument.AFTER));
            return ((Number) after.get("seq")).longValue();
        });
    }

    /** Runs a read-modify-write or unique insert so that it is atomic on the embedded store as on MongoDB. */
    public <T> T atomically(Supplier<T> operation) {
        atomicity.lock();
        try {
            return operation.get();
        } finally {
            atomicity.unlock();
        }
    }

    /** Makes acknowledged writes durable now (the embedded store); a real MongoDB's write concern does this. */
    public void commit() {
        embedded.ifPresent(EmbeddedMongo::commit);
    }

    /**
     * Whether this is roro's embedded server (held here or by the shared store process), which uses an index only
     * for a query on the indexed fields alone: queries are shaped for it where that matters (see RecordSeries).
     */
    boolean isEmbeddedServer() {
        return embeddedFile.isPresent();
    }

    /** The embedded store's file (on this machine's disk), when lineage is the embedded store. */
    public Optional<Path> embeddedFile() {
        return embeddedFile;
    }

    public String describe() {
        return description;
    }

    @Override
    public void close() {
        client.close();
        embedded.ifPresent(e -> {
            e.commit();
            e.close();
        });
    }
}
