package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.VersionState;
import io.roro.core.testing.TestMongo;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The copies backends mount: fetched once, checked, and a copy changed in any way fetched again. */
class ModelCopiesTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    @TempDir
    Path root;
    private Lineage lineage;
    private final AtomicInteger fetches = new AtomicInteger();
    private ModelCopies copies;
    private ModelVersion version;
    private final byte[] content = new byte[64 * 1024];

    @BeforeEach
    void publish() throws Exception {
        lineage = MONGO.newLineage();
        Arrays.fill(content, (byte) 7);
        ArtifactRef ref = lineage.artifacts().put("model.bin", new ByteArrayInputStream(content), content.length,
                "m:v1", ArtifactStore.Progress.NONE);
        version = new ModelVersion("m", "v1", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new StoredFile("model.bin", ref.size(), ref.sha256(), ref.id())), Map.of(), Map.of(),
                Map.of(), VersionState.PUBLISHED, Instant.now(), Origin.of("test", "copies"));
        ArtifactStore store = lineage.artifacts();
        ArtifactStore counting = (ArtifactStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ArtifactStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        fetches.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        copies = new ModelCopies(() -> counting, root);
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    @Test
    void aVersionHeldAndUnchangedIsNotFetchedAgain() throws Exception {
        Path dir = copies.fetch(version);
        assertThat(Files.readAllBytes(dir.resolve("model.bin"))).isEqualTo(content);
        copies.fetch(version);
        copies.fetch(version);
        assertThat(fetches.get()).as("fetches from the store").isEqualTo(1);
    }

    @Test
    void aCopyChangedInPlaceIsFetchedAgainEvenWithItsSizeAndTimeKept() throws Exception {
        Path file = copies.fetch(version).resolve("model.bin");
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] flipped = content.clone();
        flipped[1000] = 8;
        Files.write(file, flipped);
        Files.setLastModifiedTime(file, modified); // what a careless copy tool or a disk fault leaves

        Path dir = copies.fetch(version);
        assertThat(fetches.get()).isEqualTo(2);
        assertThat(Files.readAllBytes(dir.resolve("model.bin"))).isEqualTo(content);
        copies.fetch(version);
        assertThat(fetches.get()).isEqualTo(2);
    }
}
