package io.roro.core.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roro.core.contract.CommandJson;
import io.roro.core.lineage.Lineage;
import io.roro.core.secrets.Secrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code roro ui}: the registry and lineage as web pages and a read-only JSON API, over the JDK's HTTP server.
 * Every request needs the token; every answer carries a strict Content-Security-Policy (scripts and styles from
 * this server only, no inline script, no framing) and no-sniff; nothing here writes to lineage.
 */
public final class UiServer implements AutoCloseable {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final UiAccess access;
    private final Lineage lineage;
    private final UiRoutes routes;
    private final UiApi api;
    private final Templates templates = new Templates();

    private UiServer(HttpServer server, ExecutorService threads, UiAccess access, Lineage lineage, LiveLog liveLog) {
        this.lineage = lineage;
        this.server = server;
        this.threads = threads;
        this.access = access;
        this.routes = new UiRoutes(lineage, liveLog);
        this.api = new UiApi(lineage, liveLog);
    }

    /** Serves {@code lineage} on {@code address} (port 0: any free one) until closed; no running training's log. */
    public static UiServer start(Lineage lineage, InetSocketAddress address) throws IOException {
        return start(lineage, address, LiveLog.NONE);
    }

    /** As {@link #start(Lineage, InetSocketAddress)}, running trainings' logs read from {@code liveLog}. */
    public static UiServer start(Lineage lineage, InetSocketAddress address, LiveLog liveLog) throws IOException {
        // the JDK server writes headers and body apart: with Nagle's algorithm each answer waited ~40 ms for the
        // client's delayed ACK (scripts/bench-ui.sh: 48 ms p50 for a page rendered in 6). Read once, when the
        // JDK's server is first used in this process.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "roro-ui");
            t.setDaemon(true);
            return t;
        });
        UiServer ui = new UiServer(server, threads, UiAccess.withNewTokens(), lineage, liveLog);
        server.createContext("/", ui::handle);
        server.setExecutor(threads);
        server.start();
        return ui;
    }

    /** The URL to open, with the one-time token. */
    public String url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
        return "http://" + host + ":" + at.getPort() + "/?token=" + access.loginToken();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The API's bearer token for scripts ({@code Authorization: Bearer TOKEN}); the URL's token works once. */
    public String apiToken() {
        return access.apiToken();
    }

    /** Whether it listens beyond this machine (anything but a loopback address), over plain HTTP. */
    public boolean exposed() {
        return !server.getAddress().getAddress().isLoopbackAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "roro ui is read-only");
                return;
            }
            UiAccess.Verdict verdict = access.check(exchange);
            if (verdict == UiAccess.Verdict.LOGIN_USED) {
                send(exchange, 401, "text/plain; charset=utf-8", "this link was opened already: its token works once"
                        + " (the browser that opened it keeps a session); start `roro ui` again for a new one");
                return;
            }
            if (verdict == UiAccess.Verdict.DENIED) {
                send(exchange, 401, "text/plain; charset=utf-8", "open the URL `roro ui` printed (it has the token)");
                return;
            }
            if (verdict == UiAccess.Verdict.LOGIN) {
                exchange.getResponseHeaders().add("Set-Cookie", access.cookie());
                // the token leaves the address bar; the rest of the query stays (a compare link keeps its versions)
                exchange.getResponseHeaders().set("Location", path + UiAccess.queryWithoutToken(exchange));
                send(exchange, 303, "text/plain; charset=utf-8", "");
                return;
            }
            if (UiStatic.has(path)) {
                exchange.getResponseHeaders().remove("Cache-Control");
                UiStatic.send(exchange, path);
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            List<String> versions = new ArrayList<>();
            parse(exchange.getRequestURI().getRawQuery(), query, versions);
            if (UiFiles.isFile(path)) {
                answerFile(exchange, path);
            } else if (path.startsWith("/api/")) {
                answerJson(exchange, path, query, versions);
            } else {
                answerPage(exchange, path, query, versions);
            }
        }
    }

    private void answerFile(HttpExchange exchange, String path) throws IOException {
        try {
            UiFiles.send(exchange, lineage, path);
        } catch (UiNotFound e) {
            send(exchange, 404, "application/json", CommandJson.write(Map.of("error", e.getMessage())));
        }
    }

    private void answerJson(HttpExchange exchange, String path, Map<String, String> query, List<String> versions)
            throws IOException {
        try {
            Object answer = api.answer(path, query, versions);
            if (answer instanceof UiApi.Resumable resumable) {
                exchange.getResponseHeaders().set("X-Roro-Resume-Before", Long.toString(resumable.resumeBelow()));
                answer = resumable.items();
            }
            send(exchange, 200, "application/json", CommandJson.write(answer));
        } catch (UiNotFound e) {
            send(exchange, 404, "application/json", CommandJson.write(Map.of("error", e.getMessage())));
        } catch (UiBadRequest e) {
            send(exchange, 400, "application/json", CommandJson.write(Map.of("error", e.getMessage())));
        } catch (RuntimeException e) {
            send(exchange, 500, "application/json", CommandJson.write(Map.of("error",
                    Secrets.maskPassword(String.valueOf(e.getMessage())))));
        }
    }

    private void answerPage(HttpExchange exchange, String path, Map<String, String> query, List<String> versions)
            throws IOException {
        int status = 200;
        UiPages.Page page;
        try {
            page = routes.page(path, query, versions);
        } catch (UiNotFound e) {
            status = 404;
            page = new UiPages.Page("error", UiPages.scope("not found", "message", e.getMessage()));
        } catch (UiBadRequest e) {
            status = 400;
            page = new UiPages.Page("error", UiPages.scope("cannot show that", "message", e.getMessage()));
        } catch (RuntimeException e) {
            status = 500;
            page = new UiPages.Page("error", UiPages.scope("error", "message",
                    Secrets.maskPassword(String.valueOf(e.getMessage()))));
        }
        send(exchange, status, "text/html; charset=utf-8", templates.render(page.template(), page.scope()));
    }

    private static void parse(String raw, Map<String, String> query, List<String> versions) {
        if (raw == null) {
            return;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = UiRoutes.decode(pair.substring(0, equals));
            String value = UiRoutes.decode(pair.substring(equals + 1));
            if (name.equals("v")) {
                versions.add(value);
            } else if (!name.equals("token")) {
                query.put(name, value);
            }
        }
    }


    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
