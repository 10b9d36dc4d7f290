package io.roro.core.lineage.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's port on 127.0.0.1 is reachable by every local user: another one gets nothing from it and
 * cannot write to it (a forged model version would be served by the owner's next serve). Run as root (CI), the
 * other user is {@code nobody}; elsewhere the test is skipped, visibly.
 */
class StoreOwnerTest {

    @Test
    void anotherLocalUserNeitherReadsNorWritesTheStore(@TempDir Path dir) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"));
        if (!root || !runuser) {
            System.err.println("SKIPPED StoreOwnerTest: needs root and runuser to act as another user");
        }
        assumeTrue(root && runuser, "needs root and runuser to act as another user");
        try (EmbeddedMongo store = EmbeddedMongo.start(dir.resolve("home/lineage.mv"));
                MongoClient owner = MongoClients.create(store.connectionString())) {
            owner.getDatabase("roro").getCollection("trainings").insertOne(new Document("_id", "credit-risk:retrain-1")
                    .append("params", new Document("secret_sauce", 42)));
            int port = Integer.parseInt(store.connectionString().replaceAll(".*:", ""));
            Path client = dir.resolve("wire_client.py");
            try (InputStream in = getClass().getResourceAsStream("wire_client.py")) {
                Files.copy(in, client, StandardCopyOption.REPLACE_EXISTING);
            }
            client.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);

            Process other = new ProcessBuilder("runuser", "-u", "nobody", "--", "/usr/bin/python3", client.toString(),
                    Integer.toString(port)).redirectErrorStream(true).start();
            String said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(other.waitFor()).as(said).isZero();
            assertThat(said).as("what nobody got").doesNotContain("secret_sauce").doesNotContain("credit-risk:retrain-1")
                    .contains("CLOSED");

            // the owner still reads and writes; nothing forged got in
            assertThat(owner.getDatabase("roro").getCollection("trainings").find().into(new ArrayList<>()))
                    .extracting(d -> d.getString("_id")).isEqualTo(List.of("credit-risk:retrain-1"));
        }
    }
}
