package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roro.core.Futures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Docker engine's API on its unix socket, for the reads roro makes on every command (which backends there
 * are, whether one still runs). A docker process costs ~15 ms of CPU to start: on a 2-core machine that was a
 * third of {@code roro ps}, and a health wait asked it every half second while the backends started. Used only
 * where the docker command line would reach this same socket — DOCKER_HOST unset or {@code unix://}, no other
 * context chosen, the standard docker executable — and anything it cannot answer is asked of the command line,
 * which also gives the errors users know. Besides the reads, what every deploy does goes here: the build of
 * roro's own Dockerfile (EngineBuild) and the start of a backend (EngineRun); other writes stay with the command
 * line.
 *
 * <p>HTTP/1.0, one request per connection: the engine then answers without chunking and ends the body by closing,
 * so the request is a line and the answer is read to its end. (The JDK's HttpClient has no unix-socket transport;
 * a client library that has one starts thread pools and loads far more classes than this one request needs.)
 */
final class EngineSocket {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 30;

    /** An answer of the engine: its HTTP status and JSON body (null when the body is not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status == 200 && body != null;
        }
    }

    private final Path socket;

    private EngineSocket(Path socket) {
        this.socket = socket;
    }

    /** The socket the docker command line of {@code environment} talks to, when roro can talk to it too. */
    static Optional<EngineSocket> of(String executable, Map<String, String> environment) {
        if (!executable.equals("docker") && !executable.endsWith("/docker")) {
            return Optional.empty(); // another client (podman's docker, a wrapper): its own way to the engine
        }
        String host = environment.getOrDefault("DOCKER_HOST", "");
        Path path;
        if (host.isEmpty()) {
            String context = environment.getOrDefault("DOCKER_CONTEXT", "");
            if ((!context.isEmpty() && !context.equals("default"))
                    || !currentContext(environment).equals("default")) {
                return Optional.empty(); // a context names its own endpoint
            }
            path = Path.of("/var/run/docker.sock");
        } else if (host.startsWith("unix://")) {
            path = Path.of(host.substring("unix://".length()));
        } else {
            return Optional.empty(); // tcp:// (maybe with TLS), ssh://: the command line knows how
        }
        return Files.isWritable(path) ? Optional.of(new EngineSocket(path)) : Optional.empty();
    }

    /** {@code {"label": [...]}}, encoded for a query: the engine's filter for containers with all these labels. */
    static String labelFilter(List<String> labels) {
        ObjectNode filters = JSON.createObjectNode();
        labels.forEach(filters.putArray("label")::add);
        return URLEncoder.encode(filters.toString(), StandardCharsets.UTF_8);
    }

    /** The context `docker context use` chose, from the docker configuration: "default" when none. */
    private static String currentContext(Map<String, String> environment) {
        Path config = environment.containsKey("DOCKER_CONFIG") ? Path.of(environment.get("DOCKER_CONFIG"))
                : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        Path file = config.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            return "default";
        }
        try {
            String context = JSON.readTree(file.toFile()).path("currentContext").asText("");
            return context.isEmpty() ? "default" : context;
        } catch (IOException e) {
            return "unreadable"; // the command line will say what is wrong with it
        }
    }

    /**
     * GET {@code target} (a path with its query, already encoded); empty when the engine could not be reached or
     * answered in a way this reader does not take (the caller then asks the command line).
     */
    Optional<Answer> get(String target) {
        return exchange("GET " + target, Optional.empty(), TIMEOUT_SECONDS).flatMap(EngineSocket::parse);
    }

    /**
     * POSTs {@code body} to {@code target} and reads the whole answer (a build's stream of JSON messages ends when
     * the build does); empty as for {@link #get}. No answer within {@code timeoutSeconds} throws: the engine may
     * still be doing what was asked, so it is not asked of the command line again.
     */
    Optional<byte[]> post(String target, String contentType, byte[] body, long timeoutSeconds) {
        return exchange("POST " + target, Optional.of(new Body(contentType, body)), timeoutSeconds);
    }

    /** DELETEs {@code target}: whether the engine answered with success. */
    boolean delete(String target, long timeoutSeconds) {
        return exchange("DELETE " + target, Optional.empty(), timeoutSeconds).flatMap(EngineSocket::raw)
                .map(raw -> raw.status() / 100 == 2).orElse(false);
    }

    private record Body(String contentType, byte[] bytes) {
    }

    /** One request on a connection of its own; the raw answer, head and body. */
    private Optional<byte[]> exchange(String requestLine, Optional<Body> body, long timeoutSeconds) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> send(channel, requestLine, body),
                Futures.background());
        try (channel) {
            return Optional.of(read.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            if (body.isPresent()) { // a write the engine may still be doing: not one to try again elsewhere
                throw new DockerException(requestLine.split("[ ?]")[1].substring(1) + " on the Docker engine did not"
                        + " end within " + timeoutSeconds + " s", e);
            }
            return Optional.empty();
        } catch (ExecutionException | IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static byte[] send(SocketChannel channel, String requestLine, Optional<Body> body) {
        try {
            String head = requestLine + " HTTP/1.0\r\nHost: docker\r\nUser-Agent: roro\r\n"
                    + body.map(b -> "Content-Type: " + b.contentType() + "\r\nContent-Length: " + b.bytes().length
                            + "\r\n").orElse("") + "\r\n";
            ByteBuffer request = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            if (body.isPresent()) {
                ByteBuffer bytes = ByteBuffer.wrap(body.get().bytes());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            return Channels.newInputStream(channel).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An answer's status and body, when it is one this reader takes (HTTP/1.x, not chunked). */
    record Raw(int status, byte[] body) {
    }

    static Optional<Raw> raw(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            return Optional.empty();
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head.contains("\r\ntransfer-encoding:")) {
            return Optional.empty(); // not what an HTTP/1.0 request is answered with: not read here
        }
        String[] status = text.substring(0, text.indexOf("\r\n")).split(" ", 3);
        if (status.length < 2 || !status[1].matches("\\d{3}")) {
            return Optional.empty();
        }
        return Optional.of(new Raw(Integer.parseInt(status[1]),
                Arrays.copyOfRange(response, end + 4, response.length)));
    }

    private static Optional<Answer> parse(byte[] response) {
        return raw(response).map(EngineSocket::answer);
    }

    /** An answer's body read as one JSON document (null when it is not one: an error page, an empty body). */
    static Answer answer(Raw raw) {
        String body = new String(raw.body(), StandardCharsets.UTF_8);
        JsonNode json;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            json = null; // an error page, not JSON
        }
        return new Answer(raw.status(), json);
    }
}
