package io.roro.core.lineage.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store on a disk that fills up: the write that does not fit is refused saying so (it was H2's dump,
 * never the word "disk"), the server stops at once instead of answering nothing to every command after, and once
 * there is space the file opens again with everything written before. Needs a small file system of its own: a
 * tmpfs mounted here, so root (as the CI machine runs); skipped, visibly, without.
 */
class FullDiskStoreTest {
    @TempDir
    Path dir;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        if (!mounted) {
            System.err.println("SKIPPED FullDiskStoreTest: cannot mount a tmpfs here (not root)");
        }
        assumeTrue(mounted, "cannot mount a tmpfs here (not root)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullDiskIsSaidTheServerStopsAndTheStoreReopensWhenThereIsSpace() throws Exception {
        Path file = disk.resolve("home/lineage.mv");
        EmbeddedMongo store = EmbeddedMongo.start(file);
        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
            try {
                return StoreServer.serve(store, Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        });
        Path filler = disk.resolve("filler");
        try (MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> records = client.getDatabase("roro").getCollection("records");
            records.insertOne(new Document("_id", "before").append("note", "written while there was space"));
            fill(filler);

            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) { // until H2 has to write a page of its own
                    records.insertOne(new Document("_id", "after-" + i).append("blob", "x".repeat(200_000)));
                }
            }).isInstanceOf(MongoException.class).hasMessageContaining("the lineage store cannot write " + file)
                    .hasMessageContaining("no space left on its disk").hasMessageContaining("Free some space");

            assertThat(served.get(5, TimeUnit.SECONDS)).as("the server stops at once").isEqualTo(StoreServer.BROKEN);
        } finally {
            store.close();
        }
        assertThat(SharedStore.portFile(file)).as("no command connects to it any more").doesNotExist();

        Files.delete(filler);
        try (EmbeddedMongo reopened = EmbeddedMongo.start(file);
                MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoCollection<Document> records = client.getDatabase("roro").getCollection("records");
            assertThat(records.find(new Document("_id", "before")).first()).as("written before the disk filled")
                    .isNotNull();
            records.insertOne(new Document("_id", "later"));
            assertThat(records.countDocuments(new Document("_id", "later"))).isEqualTo(1);
        }
    }

    /** Takes all the disk's space but a few KB. */
    private static void fill(Path filler) throws IOException {
        long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        try (RandomAccessFile out = new RandomAccessFile(filler.toFile(), "rw")) {
            byte[] block = new byte[64 * 1024];
            long written = 0;
            while (written < free) {
                try {
                    out.write(block);
                } catch (IOException full) {
                    return; // full
                }
                written += block.length;
            }
        }
    }
}
