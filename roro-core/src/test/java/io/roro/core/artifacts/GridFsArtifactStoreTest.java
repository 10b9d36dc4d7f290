package io.roro.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.roro.core.lineage.Lineage;
import io.roro.core.testing.TestMongo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bson.BsonObjectId;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class GridFsArtifactStoreTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    private Lineage lineage;
    private ArtifactStore store;

    @BeforeEach
    void open() {
        lineage = MONGO.newLineage();
        store = lineage.artifacts();
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    /** 20 MB of pseudo-random bytes, generated as they are read: the test never holds the file in memory either. */
    private static InputStream randomBytes(long size, long seed) {
        Random random = new Random(seed);
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                left -= n;
                return n;
            }
        };
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void twentyMegabytesRoundTripWithTheSameHash(@TempDir Path dir) throws Exception {
        long size = 20L * 1024 * 1024;
        List<long[]> progress = new ArrayList<>();
        ArtifactRef ref = store.put("model.bin", randomBytes(size, 42), size, "m:v1",
                (name, done, total) -> progress.add(new long[] {done, total}));
        assertThat(ref.size()).isEqualTo(size);
        assertThat(progress.get(progress.size() - 1)).containsExactly(size, size);

        Path target = dir.resolve("out/model.bin");
        store.get(ref, target);
        assertThat(Files.size(target)).isEqualTo(size);
        assertThat(sha256(target)).isEqualTo(ref.sha256());

        Path expected = dir.resolve("expected.bin");
        Files.copy(randomBytes(size, 42), expected);
        assertThat(sha256(expected)).isEqualTo(ref.sha256());
    }

    @Test
    void aFileLargerThanOneWireMessageIsReadBack(@TempDir Path dir) throws Exception {
        // 50 MB came back as "reply message length ... is greater than the maximum message length 48000000"
        long size = 60L * 1024 * 1024;
        ArtifactRef ref = store.put("model.pkl", randomBytes(size, 7), size, "m:v2", ArtifactStore.Progress.NONE);
        Path target = dir.resolve("out/model.pkl");
        store.get(ref, target);
        assertThat(Files.size(target)).isEqualTo(size);
        assertThat(sha256(target)).isEqualTo(ref.sha256());
    }

    @Test
    void anArtifactStoredByAnEarlierRoroIsStillReadBack(@TempDir Path dir) throws Exception {
        // before chunks were written with FILEID:N ids, the driver's bucket wrote them with ObjectIds
        byte[] content = new byte[700 * 1024];
        new Random(3).nextBytes(content);
        var bucket = GridFSBuckets.create(lineage.database().mongo(), "artifacts")
                .withChunkSizeBytes(255 * 1024);
        ObjectId id = new ObjectId();
        bucket.uploadFromStream(new BsonObjectId(id), "old.pkl", new ByteArrayInputStream(content));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content));
        Path target = dir.resolve("old.pkl");
        store.get(new ArtifactRef(id.toHexString(), "old.pkl", content.length, sha), target);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void aCorruptedChunkIsAnErrorNotAWrongModel(@TempDir Path dir) throws Exception {
        byte[] content = new byte[600 * 1024];
        new Random(1).nextBytes(content);
        ArtifactRef ref = store.put("model.pkl", new ByteArrayInputStream(content), content.length, "m:v1",
                ArtifactStore.Progress.NONE);
        var chunks = lineage.database().mongo().getCollection("artifacts.chunks");
        var chunk = chunks.find(Filters.and(Filters.eq("files_id", new ObjectId(ref.id())), Filters.eq("n", 1)))
                .first();
        byte[] data = chunk.get("data", Binary.class).getData();
        data[100] ^= 0x01; // one flipped bit
        chunks.updateOne(Filters.eq("_id", chunk.get("_id")), Updates.set("data", new Binary(data)));

        Path target = dir.resolve("model.pkl");
        assertThatThrownBy(() -> store.get(ref, target))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("model.pkl (artifact " + ref.id() + ") is corrupt: expected " + content.length
                        + " bytes with sha256 " + ref.sha256());
        assertThat(target).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary file left behind").isEmpty();
        }
    }

    @Test
    void aMissingChunkIsAnError(@TempDir Path dir) throws IOException {
        byte[] content = new byte[600 * 1024];
        ArtifactRef ref = store.put("model.pkl", new ByteArrayInputStream(content), content.length, "m:v1",
                ArtifactStore.Progress.NONE);
        lineage.database().mongo().getCollection("artifacts.chunks")
                .deleteOne(Filters.and(Filters.eq("files_id", new ObjectId(ref.id())), Filters.eq("n", 2)));
        assertThatThrownBy(() -> store.get(ref, dir.resolve("model.pkl"))).isInstanceOf(CorruptArtifactException.class);
    }

    @Test
    void orphansAreRemovedOnlyWhenUnclaimedAndOldEnough() throws IOException {
        ArtifactRef claimed = store.put("a", new ByteArrayInputStream(new byte[] {1}), 1, "m:v1",
                ArtifactStore.Progress.NONE);
        ArtifactRef orphan = store.put("b", new ByteArrayInputStream(new byte[] {2}), 1, "m:v2",
                ArtifactStore.Progress.NONE);
        ArtifactRef otherModel = store.put("c", new ByteArrayInputStream(new byte[] {3}), 1, "n:v1",
                ArtifactStore.Progress.NONE);
        assertThat(store.removeOrphans("m:", (owner, id) -> id.equals(claimed.id()), Duration.ofHours(1))).isEmpty();
        assertThat(store.removeOrphans("m:", (owner, id) -> id.equals(claimed.id()), Duration.ZERO))
                .containsExactly(orphan.id());
        var files = lineage.database().mongo().getCollection("artifacts.files");
        assertThat(files.countDocuments(Filters.eq("_id", new ObjectId(claimed.id())))).isEqualTo(1);
        assertThat(files.countDocuments(Filters.eq("_id", new ObjectId(otherModel.id())))).isEqualTo(1);
        assertThat(files.countDocuments(Filters.eq("_id", new ObjectId(orphan.id())))).isZero();
    }
}
