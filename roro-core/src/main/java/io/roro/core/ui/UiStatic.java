package io.roro.core.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The files the pages load: roro's own style and scripts, and Apache ECharts (the charting library the plots are
 * drawn with, from its WebJar: served by this server, so the Content-Security-Policy stays {@code 'self'}).
 */
final class UiStatic {
    /** A file: where it is on the class path, its type, and whether a browser may keep it (a library's, versioned). */
    private record Asset(String resource, String type, boolean kept) {
    }

    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, Asset> ASSETS = Map.of(
            "/static/roro.css", new Asset("static/roro.css", "text/css; charset=utf-8", false),
            "/static/training.js", new Asset("static/training.js", JS, false),
            "/static/plots.js", new Asset("static/plots.js", JS, false),
            "/static/favicon.svg", new Asset("static/favicon.svg", "image/svg+xml", false),
            "/static/echarts.min.js", new Asset("/META-INF/resources/webjars/echarts/" + webJarVersion("echarts")
                    + "/dist/echarts.min.js", JS, true));

    private UiStatic() {
    }

    static boolean has(String path) {
        return ASSETS.containsKey(path);
    }

    static void send(HttpExchange exchange, String path) throws IOException {
        Asset asset = ASSETS.get(path);
        byte[] bytes;
        try (InputStream in = UiStatic.class.getResourceAsStream(asset.resource())) {
            bytes = in == null ? new byte[0] : in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", asset.type());
        // the library's file of one version: a page needs not fetch 1 MB again; roro's own change with it
        exchange.getResponseHeaders().set("Cache-Control", asset.kept() ? "private, max-age=86400" : "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(bytes.length == 0 ? 404 : 200, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The version of an npm WebJar on the class path, from its Maven properties. */
    static String webJarVersion(String name) {
        try (InputStream in = UiStatic.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + name
                + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + name + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
