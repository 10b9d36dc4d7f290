package io.roro.core.lineage;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded server's backend, one request at a time, each committed to the H2 file before it is answered.
 * mongo-java-server makes neither a find-and-modify nor a unique insert atomic against concurrent connections;
 * serialised, they are, whichever process the connections come from. Its answers can share documents with the
 * store, and are written to the connection after the call returns: each is copied inside the call, or a counter's
 * answer could show another connection's later increment (two callers got the same number). Committing every request makes an
 * acknowledged write durable (it survives {@code kill -9} of the server). Open connections are counted, so a
 * shared server knows when no roro command uses it any more. A connection of another local user is closed at its
 * first request ({@link LoopbackPeers}).
 */
final class SerializedBackend implements MongoBackend {
    private final H2Backend h2;
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private volatile long lastRequestNanos = System.nanoTime();

    SerializedBackend(H2Backend h2) {
        this.h2 = h2;
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
            h2.handleClose(channel);
        }
    }

    @Override
    public synchronized Document handleCommand(Channel channel, String database, String command, Document query) {
        seen(channel);
        try {
            return h2.handleCommand(channel, database, command, query).cloneDeeply();
        } finally {
            h2.commit();
        }
    }

    @Override
    public synchronized QueryResult handleQuery(MongoQuery query) {
        seen(query.getChannel());
        QueryResult result = h2.handleQuery(query);
        return new QueryResult(result.collectDocuments().stream().map(Document::cloneDeeply).toList(),
                result.getCursorId());
    }

    @Override
    public synchronized Document handleMessage(MongoMessage message) {
        seen(message.getChannel());
        try {
            return h2.handleMessage(message).cloneDeeply();
        } finally {
            if (writes(message.getDocument())) {
                h2.commit();
            }
        }
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
