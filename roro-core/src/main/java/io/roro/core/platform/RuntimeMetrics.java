package io.roro.core.platform;

import io.roro.core.LoopbackHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the serving toolkit's {@code /metrics} says (roro_runtime/metrics.py writes it): the predictions and
 * their 5xx, the prediction latency histogram, the shadow copies. Only the lines of that format are read.
 */
public final class RuntimeMetrics {
    private static final Pattern REQUESTS = Pattern.compile(
            "roro_requests_total\\{route=\"([^\"]*)\",status=\"(\\d{3})\"\\} (\\d+)");
    private static final Pattern BUCKET = Pattern.compile("(roro_request_seconds|roro_shadow_seconds)_bucket"
            + "\\{le=\"([0-9.e+-]+)\"\\} (\\d+)");
    private static final Pattern SHADOW = Pattern.compile("roro_shadow_(requests|errors|differ|skipped)_total (\\d+)");
    /** Routes that are not predictions (the toolkit counts them, their latency is not in the histogram). */
    private static final Set<String> NOT_PREDICTIONS = Set.of("/health", "/metrics", "options", "router");

    private RuntimeMetrics() {
    }

    /** The predictions one replica answered. */
    public static ServedCounts served(String text) {
        long requests = 0;
        long errors = 0;
        for (String line : text.split("\n")) {
            Matcher m = REQUESTS.matcher(line.strip());
            if (m.matches() && !NOT_PREDICTIONS.contains(m.group(1))) {
                long n = Long.parseLong(m.group(3));
                requests += n;
                errors += m.group(2).startsWith("5") ? n : 0;
            }
        }
        return histogram(text, "roro_request_seconds", requests, errors);
    }

    /** The shadow copies one live replica sent. */
    public static ShadowCounts shadow(String text) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SHADOW.matcher(line.strip());
            if (m.matches()) {
                counts.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        long requests = counts.getOrDefault("requests", 0L);
        long errors = counts.getOrDefault("errors", 0L);
        return new ShadowCounts(requests, errors, counts.getOrDefault("differ", 0L),
                counts.getOrDefault("skipped", 0L), histogram(text, "roro_shadow_seconds", requests, errors));
    }

    private static ServedCounts histogram(String text, String name, long requests, long errors) {
        List<Double> bounds = new ArrayList<>();
        List<Long> cumulative = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = BUCKET.matcher(line.strip());
            if (m.matches() && m.group(1).equals(name)) {
                bounds.add(Double.parseDouble(m.group(2)));
                cumulative.add(Long.parseLong(m.group(3)));
            }
        }
        return new ServedCounts(requests, errors, bounds, cumulative);
    }

    /** The /metrics of the backend on 127.0.0.1:{@code port}; one that does not answer has answered nothing yet. */
    public static String read(int port) {
        try {
            HttpResponse<String> response = LoopbackHttp.client().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while reading the metrics of 127.0.0.1:" + port, e);
        }
    }
}
