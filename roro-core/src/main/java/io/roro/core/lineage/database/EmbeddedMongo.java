package io.roro.core.lineage.database;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.MVStore;

/**
 * The default lineage store when no MongoDB is configured: mongo-java-server in this process, on 127.0.0.1 only,
 * persisting to one H2 file, one request at a time, each committed before it is answered (an acknowledged publish
 * survives {@code kill -9}). While it runs, its port is in {@code FILE.port} (owner-only), so other processes of
 * the same user connect to it instead of waiting for the file ({@link SharedStore}).
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedMongo.class.getName());

    private static final int CACHE_MB = Integer.getInteger("roro.embedded.cacheMb", 128);

    private final SerializedBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path portFile;

    private EmbeddedMongo(SerializedBackend backend, MongoServer server, InetSocketAddress address, Path portFile) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.portFile = portFile;
    }

    /** Starts a server over {@code file}; fails clearly when another process holds it. */
    public static EmbeddedMongo start(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
                // the whole registry is in this file: its directory (the roro home) and it are this user's only
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString(
                        "rwx------"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        H2Backend backend;
        MVStore store;
        try {
            // H2's default 16 MB page cache makes lineage walks read from disk once the store passes ~100 MB.
            // Pages are not compressed: model files, most of what is written, do not compress, and LZF on them was
            // 90% of the store's CPU in a publish (2x its time for a GB). Lineage records take ~2.6x the space then
            // (312 MB for 10k versions instead of 121 MB), read as fast; pages written compressed stay readable.
            store = new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).open();
            backend = new H2Backend(store);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("locked")) {
                throw new IllegalStateException("the lineage store " + file + " is in use by another process;"
                        + " wait for it to finish, or configure a MongoDB URI (RORO_MONGO_URI) to share lineage", e);
            }
            throw new IllegalStateException("cannot open the lineage store " + file + ": " + message, e);
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without POSIX permissions: its directory's are all there is
            LOG.log(Level.FINE, "cannot make " + file + " owner-only", e);
        }
        SerializedBackend serialized = new SerializedBackend(backend, store, file);
        MongoServer server = new MongoServer(serialized);
        server.bind("127.0.0.1", 0);
        EmbeddedMongo embedded = new EmbeddedMongo(serialized, server, server.getLocalAddress(),
                SharedStore.portFile(file));
        SharedStore.announce(embedded.portFile, embedded.address.getPort());
        return embedded;
    }

    /** Connections open now. */
    int clients() {
        return backend.clients();
    }

    /** Whether the store was closed by a failure (a full disk): the server should stop, a new one reopen it. */
    boolean broken() {
        return backend.broken();
    }

    /** Time since the last request. */
    Duration idle() {
        return Duration.ofNanos(backend.idleNanos());
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** Writes everything acknowledged so far to the H2 file. */
    public void commit() {
        backend.commit();
    }

    @Override
    public void close() {
        SharedStore.withdraw(portFile, address.getPort());
        server.shutdownNow();
    }
}
