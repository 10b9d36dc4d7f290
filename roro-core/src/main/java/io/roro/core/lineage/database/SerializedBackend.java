package io.roro.core.lineage.database;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.mvstore.MVStore;

/**
 * The embedded server's backend, one request at a time, each committed to the H2 file before it is answered.
 * mongo-java-server makes neither a find-and-modify nor a unique insert atomic against concurrent connections;
 * serialised, they are, whichever process the connections come from. Its answers can share documents with the
 * store, and are written to the connection after the call returns: each is copied inside the call, or a counter's
 * answer could show another connection's later increment (two callers got the same number). Committing every request makes an
 * acknowledged write durable (it survives {@code kill -9} of the server). Open connections are counted, so a
 * shared server knows when no roro command uses it any more. A connection of another local user is closed at its
 * first request ({@link LoopbackPeers}). When H2 cannot write the file (a full disk) it closes the store: every
 * request is then answered with what happened, in words ({@link #broken}), and the server stops so that the next
 * command, once there is space, opens the file again at its last complete write (it waited on a dead store).
 */
final class SerializedBackend implements MongoBackend {
    private static final Logger LOG = Logger.getLogger(SerializedBackend.class.getName());
    /** Below this much free space a failed write is said to be a full disk. */
    private static final long LOW_SPACE_BYTES = 64L * 1024 * 1024;

    private final H2Backend h2;
    private final MVStore store;
    private final Path file;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private volatile long lastRequestNanos = System.nanoTime();
    private volatile boolean broken;

    SerializedBackend(H2Backend h2, MVStore store, Path file) {
        this.h2 = h2;
        this.store = store;
        this.file = file;
    }

    /** Whether H2 closed the store after a failed write: nothing more can be served from it. */
    boolean broken() {
        return broken;
    }

    /** Runs a request; a store H2 closed on a failure is reported as what it is, not as H2's trace. */
    private <T> T guarded(Supplier<T> request) {
        if (broken) {
            throw unwritable(null);
        }
        try {
            return request.get();
        } catch (RuntimeException e) {
            if (!store.isClosed()) {
                throw e;
            }
            broken = true;
            LOG.log(Level.SEVERE, "the lineage store " + file + " was closed by a failure", e);
            throw unwritable(e);
        }
    }

    private MongoServerError unwritable(RuntimeException cause) {
        long free = -1;
        try {
            free = Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException e) {
            LOG.log(Level.FINE, "free space of " + file + " unknown", e);
        }
        String why = free >= 0 && free < LOW_SPACE_BYTES
                ? "no space left on its disk (" + free / (1024 * 1024) + " MB free)"
                : "writing it failed" + (cause == null ? "" : " (" + rootMessage(cause) + ")");
        return new MongoServerError(14031, "OutOfDiskSpace", "the lineage store cannot write " + file + ": " + why
                + "; the last change was not recorded. Free some space and run the command again: the store"
                + " reopens at its last complete write");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    int clients() {
        return clients.size();
    }

    long idleNanos() {
        return System.nanoTime() - lastRequestNanos;
    }

    synchronized void commit() {
        h2.commit();
    }

    private void seen(Channel channel) {
        if (!clients.contains(channel)) {
            if (!LoopbackPeers.isOwnUser(channel.remoteAddress(), channel.localAddress())) {
                // another local user: the port is reachable by all of them, the records are this user's alone
                channel.close();
                throw new SecurityException("the lineage store answers only its owner");
            }
            clients.add(channel);
        }
        lastRequestNanos = System.nanoTime();
    }

    @Override
    public void handleClose(Channel channel) {
        clients.remove(channel);
        synchronized (this) {
            if (!broken) {
                h2.handleClose(channel);
            }
        }
    }

    @Override
    public synchronized Document handleCommand(Channel channel, String database, String command, Document query) {
        seen(channel);
        return guarded(() -> {
            try {
                return h2.handleCommand(channel, database, command, query).cloneDeeply();
            } finally {
                h2.commit();
            }
        });
    }

    @Override
    public synchronized QueryResult handleQuery(MongoQuery query) {
        seen(query.getChannel());
        return guarded(() -> {
            QueryResult result = h2.handleQuery(query);
            return new QueryResult(result.collectDocuments().stream().map(Document::cloneDeeply).toList(),
                    result.getCursorId());
        });
    }

    @Override
    public synchronized Document handleMessage(MongoMessage message) {
        seen(message.getChannel());
        return guarded(() -> {
            try {
                return h2.handleMessage(message).cloneDeeply();
            } finally {
                if (writes(message.getDocument())) {
                    h2.commit();
                }
            }
        });
    }

    /** Whether a command may change the store: reads (find, getMore, count, hello, ...) need no commit. */
    private static boolean writes(Document command) {
        String name = command.keySet().stream().findFirst().orElse("");
        return WRITES.contains(name);
    }

    // createIndexes is not among them: every open asks for roro's indexes again (a no-op once they exist), and an
    // index lost with a crash before H2's own periodic commit is made again by the next open
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify", "findandmodify",
            "create", "drop", "dropIndexes", "dropDatabase", "renameCollection");

    @Override
    public synchronized void dropDatabase(String database) {
        h2.dropDatabase(database);
    }

    @Override
    public synchronized Collection<Document> getCurrentOperations(MongoQuery query) {
        return h2.getCurrentOperations(query);
    }

    @Override
    public synchronized Document getServerStatus() {
        return h2.getServerStatus();
    }

    @Override
    public synchronized void close() {
        h2.close();
    }

    @Override
    public synchronized void closeCursors(List<Long> cursorIds) {
        h2.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return h2.getClock();
    }

    @Override
    public synchronized void enableOplog() {
        h2.enableOplog();
    }

    @Override
    public synchronized void disableOplog() {
        h2.disableOplog();
    }

    @Override
    public synchronized MongoDatabase resolveDatabase(String database) {
        return h2.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        h2.version(version);
        return this;
    }
}
