package io.roro.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A new generation takes over the slot the live one listens on too: the live listeners stand for the live
 * generation's workers (they let go when told standby), the new ones for the new backends' gunicorn.
 */
class SlotTakeoverTest {
    private static ServerSocketChannel listener(int port) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.socket().getLocalPort();
        }
    }

    @Test
    void theNewBackendsBindBesideTheLiveOnesWhichLetGoOnceToldStandby() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux only");
        int port = freePort();
        try (ServerSocketChannel live = listener(port)) {
            SlotTakeover slot = SlotTakeover.of(List.of(port));
            assertThat(slot.held()).isTrue();
            AtomicBoolean standby = new AtomicBoolean();
            try (ServerSocketChannel next = listener(port)) {
                Optional<String> failure = slot.takeOver(() -> {
                    assertThat(SlotTakeover.listeners(List.of(port))).as("both listen when told").hasSize(2);
                    standby.set(true);
                    close(live);
                }, Duration.ofSeconds(5), Duration.ofSeconds(5), () -> true);
                assertThat(failure).isEmpty();
                assertThat(standby).isTrue();
                assertThat(SlotTakeover.listeners(List.of(port))).hasSize(1);
            }
        }
    }

    @Test
    void aSlotNobodyListensOnIsNotWaitedFor() throws IOException {
        SlotTakeover slot = SlotTakeover.of(List.of(freePort()));
        assertThat(slot.held()).isFalse();
        assertThat(slot.takeOver(() -> {
            throw new AssertionError("not told standby");
        }, Duration.ofSeconds(1), Duration.ofSeconds(1), () -> true)).isEmpty();
    }

    @Test
    void backendsThatNeverListenOrALiveGenerationThatDoesNotLetGoFailTheStartSayingWhich() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux only");
        int port = freePort();
        try (ServerSocketChannel live = listener(port)) {
            assertThat(SlotTakeover.of(List.of(port)).takeOver(() -> { }, Duration.ofMillis(300),
                    Duration.ofSeconds(1), () -> true)).hasValueSatisfying(why -> assertThat(why)
                            .contains("did not listen on [" + port + "]"));
            try (ServerSocketChannel next = listener(port)) {
                SlotTakeover slot = SlotTakeover.of(List.of(port));
                close(next);
                try (ServerSocketChannel again = listener(port)) {
                    assertThat(slot.takeOver(() -> { }, Duration.ofSeconds(5), Duration.ofMillis(300), () -> true))
                            .hasValueSatisfying(why -> assertThat(why).contains("did not let go of [" + port + "]"));
                }
            }
        }
    }

    private static void close(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
