package io.roro.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router's configuration in a real nginx (the one the local target and the router image run), with stand-in
 * backends: the live generation answers, the other slot is a generation that is not live (503, as roro_runtime's
 * live gate answers routed requests) or holds no backend at all. Every request is answered by the live one, and
 * the other slot is tried only now and then (once per fail_timeout and nginx worker), not every other request.
 */
class NginxRoutingTest {
    private static final int REQUESTS = 400;

    @TempDir
    Path dir;
    private final List<ServerSocket> sockets = new ArrayList<>();
    private Process nginx;
    private int routerPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void nginxIsInstalled() {
        assumeTrue(Files.isExecutable(Path.of(nginxPath())), "nginx is not installed (Debian: nginx-light)");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGenerationThatIsNotLiveIsAskedNowAndThenNotForEveryOtherRequest() throws Exception {
        AtomicInteger live = new AtomicInteger();
        AtomicInteger notLive = new AtomicInteger();
        int livePort = backend(200, live);
        int otherPort = backend(503, notLive);
        int routerPort = startRouter(livePort, otherPort);

        assertThat(answers(routerPort)).as("statuses the clients saw").containsOnlyKeys(200);
        assertThat(live.get()).isEqualTo(REQUESTS);
        assertThat(notLive.get()).as("requests sent to the generation that is not live first").isLessThan(20);
    }

    @Test
    void aSlotWithoutBackendsIsNotTriedForEveryOtherRequest() throws Exception {
        AtomicInteger live = new AtomicInteger();
        int livePort = backend(200, live);
        int emptyPort = freePort();
        int routerPort = startRouter(livePort, emptyPort);

        assertThat(answers(routerPort)).as("statuses the clients saw").containsOnlyKeys(200);
        long refused = Files.readAllLines(dir.resolve("error.log")).stream()
                .filter(line -> line.contains("connect() failed")).count();
        assertThat(refused).as("connections the router tried to the empty slot (its error log)").isLessThan(20);
    }

    @Test
    void afterASwitchEveryRequestIsAnsweredAndTheNewGenerationIsAskedFirstWithinTheFailTimeout() throws Exception {
        AtomicInteger oldStatus = new AtomicInteger(200);
        AtomicInteger newStatus = new AtomicInteger(503);
        AtomicInteger oldCount = new AtomicInteger();
        AtomicInteger newCount = new AtomicInteger();
        int routerPort = startRouter(backend(oldStatus, oldCount), backend(newStatus, newCount));
        assertThat(answers(routerPort)).containsOnlyKeys(200);

        newStatus.set(200); // the live file now names the new generation: the old one answers routed requests 503
        oldStatus.set(503);
        assertThat(answers(routerPort)).as("statuses right after the switch").containsOnlyKeys(200);
        Thread.sleep(NginxConfig.FAIL_TIMEOUT_S * 1000L + 500);
        oldCount.set(0);
        newCount.set(0);
        assertThat(answers(routerPort)).containsOnlyKeys(200);
        assertThat(newCount.get()).isEqualTo(REQUESTS);
        assertThat(oldCount.get()).as("requests sent to the old generation first, a fail timeout after the switch")
                .isLessThan(20);
    }

    /**
     * A client (as a proxy on this machine forwards it) sending bodies a byte at a time holds at most
     * {@link NginxConfig#CLIENT_REQUESTS} of the router's connections: the next is answered 429 at once, in JSON,
     * while another client and the router's direct clients are answered as ever.
     */
    @Test
    void aClientWithTooManyStalledBodiesIsRefusedAndOthersAreNot() throws Exception {
        AtomicInteger count = new AtomicInteger();
        int routerPort = startRouter(backend(200, count), backend(503, new AtomicInteger()));
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < NginxConfig.CLIENT_REQUESTS + 20; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), routerPort);
                stalled.add(socket);
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: svc\r\nX-Forwarded-For: 10.0.0.7\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            HttpResponse<String> same = http.send(forwardedFor("10.0.0.7"), HttpResponse.BodyHandlers.ofString());
            assertThat(same.statusCode()).isEqualTo(429);
            assertThat(same.body()).contains("\"error\": \"too many requests at once from this client\"");
            assertThat(http.send(forwardedFor("10.0.0.8"), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .as("another client").isEqualTo(200);
            assertThat(answers(routerPort)).as("the router's direct clients").containsOnlyKeys(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private HttpRequest forwardedFor(String client) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 1}")).header("X-Forwarded-For", client)
                .timeout(Duration.ofSeconds(4)).build();
    }

    /** {@link #REQUESTS} predictions one after the other on one kept-alive connection: how many got which status. */
    private Map<Integer, Integer> answers(int routerPort) throws Exception {
        Map<Integer, Integer> statuses = new TreeMap<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 1}")).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < REQUESTS; i++) {
            statuses.merge(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), 1, Integer::sum);
        }
        return statuses;
    }

    /**
     * A backend answering every request with {@code status}, in one write per response (as gunicorn does): the
     * JDK's HttpServer writes headers and body apart and waits on delayed ACKs behind nginx's kept-alive connections.
     */
    private int backend(int status, AtomicInteger count) throws IOException {
        return backend(new AtomicInteger(status), count);
    }

    private int backend(AtomicInteger status, AtomicInteger count) throws IOException {
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        sockets.add(server);
        daemon(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    connection.setTcpNoDelay(true);
                    daemon(() -> answer(connection, status, count));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void answer(Socket connection, AtomicInteger status, AtomicInteger count) {
        try (connection; BufferedInputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream()) {
            while (true) {
                if (readLine(in) == null) {
                    return; // nginx closed its kept-alive connection
                }
                int length = 0;
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.readNBytes(length);
                count.incrementAndGet();
                String body = status.get() == 200 ? "{\"y\": 1}" : "{\"error\": \"not live\"}";
                out.write(("HTTP/1.1 " + status.get() + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException expected) {
            // nginx closed its kept-alive connection
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "backend");
        thread.setDaemon(true);
        thread.start();
    }

    private static String readLine(BufferedInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private int startRouter(int slotA, int slotB) throws Exception {
        int port = freePort();
        NginxConfig.Places places = new NginxConfig.Places(dir.resolve("nginx.pid").toString(),
                dir.resolve("error.log").toString(), dir.toString(),
                "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty());
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, NginxConfig.render(Map.of("svc", new Route(port, List.of(List.of(slotA),
                List.of(slotB)), 30, false)), places));
        nginx = new ProcessBuilder(nginxPath(), "-p", dir.toString(), "-c", config.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                routerPort = port;
                return port;
            } catch (IOException notYet) {
                assertThat(nginx.isAlive()).as("nginx runs: " + Files.readString(dir.resolve("nginx.out"))).isTrue();
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String nginxPath() {
        return Optional.ofNullable(System.getenv("RORO_NGINX")).orElse("/usr/sbin/nginx");
    }
}
