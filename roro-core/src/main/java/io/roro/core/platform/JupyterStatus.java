package io.roro.core.platform;

import io.roro.core.LoopbackHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Waits for a notebook server to answer on this machine's 127.0.0.1 (directly, or through a port-forward). */
public final class JupyterStatus {

    private JupyterStatus() {
    }

    /**
     * Returns once Jupyter's /api/status answers 200 with {@code token}; throws PlatformException saying why when
     * {@code ended} gives a reason first (the server stopped) or {@code timeout} passes.
     */
    public static void await(int port, String token, Duration timeout, Supplier<Optional<String>> ended) {
        URI api = URI.create("http://127.0.0.1:" + port + "/api/status?token=" + token);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> end = ended.get();
            if (end.isPresent()) {
                throw new PlatformException("the notebook server ended at once: " + end.get());
            }
            try {
                if (LoopbackHttp.client().send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException expected) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted while the notebook server started", e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted while the notebook server started", e);
            }
        }
        throw new PlatformException("the notebook server did not answer within " + timeout.toSeconds() + " s");
    }
}
