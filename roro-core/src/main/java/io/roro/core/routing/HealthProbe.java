package io.roro.core.routing;

import io.roro.core.LoopbackHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits for {@code GET /health} to answer 200, giving up early when the process behind it is gone. Polls every
 * 10 ms until something listens, with a plain connect (refused on 127.0.0.1 in microseconds: an HTTP client's
 * attempt, through its selector and worker threads, cost ~0.5 ms of CPU each, ~50 ms a deploy taken from the
 * backend starting beside it on 2 cores); once gunicorn listens, the request itself waits for a worker. Asks
 * whether the process still runs every half second.
 */
public final class HealthProbe {
    private static final long POLL_MILLIS = 10;
    private static final int POLLS_PER_RUNNING_CHECK = 50;


    private HealthProbe() {
    }

    public static boolean await(int port, String path, Duration timeout, BooleanSupplier stillRunning) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).GET().build();
        for (int poll = 1; Instant.now().isBefore(deadline); poll++) {
            try {
                if (listening(port)
                        && LoopbackHttp.client().send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode() == 200) {
                    return true;
                }
            } catch (IOException expected) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (poll % POLLS_PER_RUNNING_CHECK == 0 && !stillRunning.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
