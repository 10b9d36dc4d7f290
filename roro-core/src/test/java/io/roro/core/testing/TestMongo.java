package io.roro.core.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageDatabase;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A mongo-java-server (memory backend) on 127.0.0.1 for a test class; each {@link #newLineage()} gets a fresh
 * database over real TCP with the official driver, as production code talks to MongoDB. {@link #lineage()} is one
 * such lineage for the running test, closed after it.
 */
public final class TestMongo implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private MongoServer server;
    private String uri;
    private Lineage current;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.shutdownNow();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** The running test's lineage (a fresh database), opened on first use. */
    public Lineage lineage() {
        if (current == null) {
            current = newLineage();
        }
        return current;
    }

    public String uri() {
        return uri;
    }

    public Lineage newLineage() {
        return new Lineage(LineageDatabase.connect(uri, "roro-" + UUID.randomUUID()));
    }
}
