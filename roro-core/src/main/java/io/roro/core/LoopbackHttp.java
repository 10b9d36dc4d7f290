package io.roro.core;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The HTTP client for roro's own requests to 127.0.0.1 (health checks, a canary's metrics, a notebook's status),
 * made when first used: building one initialises TLS even for plain HTTP (~200 classes, the trust store read),
 * which a command that asks nothing over HTTP, such as {@code roro ps} in a fresh JVM, should not pay.
 */
public final class LoopbackHttp {
    private LoopbackHttp() {
    }

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public static HttpClient client() {
        return Holder.CLIENT;
    }
}
