package io.roro.core.lineage.database;

import io.roro.core.lineage.Lineage;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections of other processes to the embedded store's server get atomic counters: ten connections
 * allocating numbers at once never get the same one (they did, until the server copied each answer inside its
 * serialised call: mongo-java-server's answers share documents with the store).
 */
class SharedStoreConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void countersAreAtomicAcrossConcurrentConnections() throws Exception {
        Path file = dir.resolve("lineage.mv");
        try (Lineage holder = Lineage.open(LineageConfig.embedded(file))) {
            String uri = SharedStore.running(file).orElseThrow();
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            List<Long> twice = Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                Thread thread = new Thread(() -> {
                    try (LineageDatabase db = LineageDatabase.connect(uri, "roro")) {
                        for (int i = 0; i < 100; i++) {
                            long n = db.next("versions");
                            if (!seen.add(n)) {
                                twice.add(n);
                            }
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(twice).as("numbers handed out twice").isEmpty();
            assertThat(seen).hasSize(1000);
        }
    }
}
