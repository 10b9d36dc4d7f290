package io.roro.core.lineage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The process that holds an embedded lineage store for every roro command of its user ({@link SharedStore}):
 * started on demand, it ends once no connection has been open for {@code RORO_STORE_IDLE_SECONDS} (default 60).
 */
public final class StoreServer {
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
        while (store.clients() > 0 || store.idle().compareTo(idle) < 0) {
            Thread.sleep(1000);
        }
        System.err.println("roro store: idle for " + idle.toSeconds() + " s, stopping");
        System.exit(0);
    }
}
