package io.roro.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store keeps artifacts' bytes as files beside its lineage file; everything else is as in GridFS. */
class EmbeddedArtifactFilesTest {
    @TempDir
    Path home;
    private Lineage lineage;
    private final byte[] content = new byte[3 * 1024 * 1024 + 17];

    @BeforeEach
    void open() {
        new Random(7).nextBytes(content);
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private ArtifactRef put(String owner) throws Exception {
        return lineage.artifacts().put("model.bin", new ByteArrayInputStream(content), content.length, owner,
                ArtifactStore.Progress.NONE);
    }

    private Path fileOf(ArtifactRef ref) {
        return home.resolve("lineage.mv.artifacts").resolve(ref.id());
    }

    @Test
    void anArtifactIsAFileBesideTheLineageFileAndReadBackVerified() throws Exception {
        ArtifactRef ref = put("m:v1");

        assertThat(fileOf(ref)).hasBinaryContent(content);
        assertThat(lineage.database().mongo().getCollection("artifacts.chunks")
                .countDocuments(Filters.eq("files_id", new ObjectId(ref.id())))).as("chunks in the database").isZero();
        Path back = home.resolve("back/model.bin");
        lineage.artifacts().get(ref, back);
        assertThat(back).hasBinaryContent(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(ref).getParent())))
                .as("other local users get nothing").isEqualTo("rwx------");
    }

    @Test
    void aFileChangedOnDiskIsAnErrorNotAWrongModel() throws Exception {
        ArtifactRef ref = put("m:v1");
        byte[] changed = content.clone();
        changed[12345] ^= 1;
        Files.write(fileOf(ref), changed);

        assertThatThrownBy(() -> lineage.artifacts().get(ref, home.resolve("back/model.bin")))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("is corrupt");
        assertThat(home.resolve("back/model.bin")).doesNotExist();
    }

    @Test
    void deletingAnArtifactFreesItsSpaceAndAnUnclaimedUploadIsRemovedWithItsFile() throws Exception {
        ArtifactRef deleted = put("m:v1");
        lineage.artifacts().delete(deleted.id());
        assertThat(fileOf(deleted)).doesNotExist();

        ArtifactRef orphan = put("m:v2");
        ArtifactRef claimed = put("m:v3");
        lineage.artifacts().claim(List.of(claimed.id()));
        List<String> removed = lineage.artifacts().removeOrphans("m:", (owner, id) -> false, Duration.ZERO);
        assertThat(removed).containsExactly(orphan.id());
        assertThat(fileOf(orphan)).doesNotExist();
        assertThat(fileOf(claimed)).exists();
    }

    @Test
    void anArtifactAnEarlierRoroStoredAsChunksIsStillReadBack() throws Exception {
        GridFsArtifactStore chunked = new GridFsArtifactStore(lineage.database().mongo(), lineage.database()::commit);
        ArtifactRef ref = chunked.put("model.bin", new ByteArrayInputStream(content), content.length, "m:v1",
                ArtifactStore.Progress.NONE);
        assertThat(fileOf(ref)).doesNotExist();

        Path back = home.resolve("back/model.bin");
        lineage.artifacts().get(ref, back);
        assertThat(back).hasBinaryContent(content);
    }
}
