package io.roro.core.platform.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
                } catch (java.io.IOException e) {
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
    void aServeAnswersOnceItsVersionIsLiveAndLetsItsLockGoWhenTheOverlapHasEnded() throws Exception {
        LiveRoutes live = new LiveRoutes(dir.resolve("live"), 1_000); // longer than the checks before its end
        live.switchTo("default", "aaaaaa");
        LiveRoutes.Held lock = live.lock("default");
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        live.switchInBackground("default", LiveState.of("bbbbbb"), () -> {
            lock.close();
            released.countDown();
        });
        // returned with the new generation live and the old one still admitted
        assertThat(live.live("default")).contains("bbbbbb");
        assertThat(live.admitted("default")).containsExactly("bbbbbb", "aaaaaa");
        assertThat(live.wereLive("default")).containsExactly("aaaaaa", "bbbbbb");
        assertThat(released.getCount()).isOne();

        // another command of this JVM waits for the lock instead of being refused, and gets it after the overlap
        long waiting = System.nanoTime();
        try (LiveRoutes.Held next = live.lock("default")) {
            assertThat(released.getCount()).isZero();
            assertThat(live.admitted("default")).containsExactly("bbbbbb");
        }
        assertThat((System.nanoTime() - waiting) / 1_000_000).isGreaterThan(500); // it waited for the overlap
    }

    @Test
    void aFirstSwitchHasNoOverlapAndLetsGoAtOnce() {
        LiveRoutes live = new LiveRoutes(dir.resolve("live"));
        live.ensure("default");
        AtomicBoolean released = new AtomicBoolean();
        live.switchInBackground("default", LiveState.of("aaaaaa"), () -> released.set(true));
        assertThat(released).isTrue();
        assertThat(live.admitted("default")).containsExactly("aaaaaa");
    }
}
