package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveRoutesTest {
    @TempDir
    Path dir;

    @Test
    void aHandOverAdmitsBothGenerationsForAMomentAndThenTheNewOneAlone() throws Exception {
        Path liveDir = dir.resolve("live"); // as a router's: its history is kept beside it
        LiveRoutes live = new LiveRoutes(liveDir);
        live.ensure("default");
        assertThat(live.admitted("default")).containsExactly(LiveRoutes.NONE);
        live.switchTo("default", "aaaaaa"); // the first: nothing to overlap with
        assertThat(live.admitted("default")).containsExactly("aaaaaa");

        // what the backends' gates see while the next switch runs, read as they read it
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean switching = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (switching.get()) {
                try {
                    seen.add(Files.readString(liveDir.resolve("default")).strip());
                } catch (IOException e) {
                    seen.add("unreadable"); // a rename never leaves the file missing
                }
            }
        });
        reader.start();
        long started = System.nanoTime();
        live.switchTo("default", "bbbbbb");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        switching.set(false);
        reader.join();

        assertThat(seen).contains("bbbbbb aaaaaa").doesNotContain("unreadable").isSubsetOf("aaaaaa",
                "bbbbbb aaaaaa", "bbbbbb");
        assertThat(tookMillis).isGreaterThanOrEqualTo(LiveRoutes.OVERLAP_MILLIS);
        assertThat(live.admitted("default")).containsExactly("bbbbbb");
        assertThat(live.live("default")).contains("bbbbbb");
        assertThat(live.wereLive("default")).containsExactly("aaaaaa", "bbbbbb");
    }

    @Test
    void duringTheOverlapTheLiveGenerationIsTheOneTakingOver() throws Exception {
        // as a serve killed in its overlap leaves it: lineage already records the new one
        Files.createDirectories(dir.resolve("live"));
        Files.writeString(dir.resolve("live/default"), "bbbbbb aaaaaa\n");
        LiveRoutes live = new LiveRoutes(dir.resolve("live"));
        assertThat(live.live("default")).isEqualTo(Optional.of("bbbbbb"));
        assertThat(live.admitted("default")).isEqualTo(List.of("bbbbbb", "aaaaaa"));
    }

    @Test
    void aSecondServeOfTheSameServiceInThisJvmWaitsForTheFirst() throws Exception {
        // the resident roro runs several commands at a time: the second waits, as another process would
        LiveRoutes live = new LiveRoutes(dir.resolve("live"));
        LiveRoutes.Held first = live.lock("default");
        CountDownLatch got = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try (LiveRoutes.Held held = live.lock("default")) {
                got.countDown();
            }
        });
        second.start();
        assertThat(got.await(300, TimeUnit.MILLISECONDS)).as("not while the first holds it")
                .isFalse();
        assertThat(live.tryLock("default")).isEmpty();
        first.close();
        assertThat(got.await(5, TimeUnit.SECONDS)).isTrue();
        second.join();
        assertThat(live.tryLock("default")).isPresent().get().satisfies(LiveRoutes.Held::close);
    }
}
