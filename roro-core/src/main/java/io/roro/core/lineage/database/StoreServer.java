package io.roro.core.lineage.database;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process that holds an embedded lineage store for every roro command of its user ({@link SharedStore}):
 * started on demand, it ends once no connection has been open for {@code RORO_STORE_IDLE_SECONDS} (default 60),
 * and at once when the store was closed by a failure (a full disk), so that the next command opens the file again
 * instead of waiting on a store that can no longer answer.
 */
public final class StoreServer {
    /** The exit status of a server whose store a failure closed. */
    static final int BROKEN = 3;
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private StoreServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        Duration idle = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("RORO_STORE_IDLE_SECONDS",
                "60")));
        EmbeddedMongo store;
        try {
            store = EmbeddedMongo.start(file);
        } catch (RuntimeException e) {
            System.err.println("roro store: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(store::close));
        System.err.println("roro store: serving " + file + " on " + store.connectionString());
        int status = serve(store, idle);
        System.err.println(status == BROKEN ? "roro store: " + file + " could not be written (see above); stopping,"
                + " the next command opens it again" : "roro store: idle for " + idle.toSeconds() + " s, stopping");
        System.exit(status);
    }

    /** Serves until idle for {@code idle} (0) or until a failure closed the store ({@link #BROKEN}). */
    static int serve(EmbeddedMongo store, Duration idle) throws InterruptedException {
        while (!store.broken()) {
            if (store.clients() == 0 && store.idle().compareTo(idle) >= 0) {
                return 0;
            }
            Thread.sleep(CHECK_EVERY.toMillis());
        }
        Thread.sleep(CHECK_EVERY.toMillis()); // the answer saying why reaches its command first
        return BROKEN;
    }
}
