package io.roro.core.ui;

import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.ModelVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A metric over a model's versions as an SVG line chart drawn on the server (no script, so the page's
 * Content-Security-Policy stays strict): one point per version in creation order, each a link to the version,
 * live versions ringed in green.
 */
final class MetricChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int PAD = 40;

    private MetricChart() {
    }

    /** Empty when fewer than one version has the metric as a number. */
    /** @param candidates versions beside a live one, with how ("canary 10%", "shadow"): marked apart */
    static String svg(String metric, List<ModelVersion> oldestFirst, Set<String> live,
            Map<String, String> candidates) {
        List<ModelVersion> points = oldestFirst.stream().filter(v -> v.metrics().get(metric) instanceof Number)
                .toList();
        if (points.isEmpty()) {
            return "";
        }
        double min = points.stream().mapToDouble(v -> value(v, metric)).min().orElseThrow();
        double max = points.stream().mapToDouble(v -> value(v, metric)).max().orElseThrow();
        if (max == min) {
            max = min + 1;
        }
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"")
                .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">")
                .append("<title>").append(escape(metric + " over versions")).append("</title>")
                .append(axisLabel(PAD - 6, PAD, format(max))).append(axisLabel(PAD - 6, HEIGHT - PAD, format(min)));
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            ModelVersion v = points.get(i);
            double x = PAD + (points.size() == 1 ? (WIDTH - 2 * PAD) / 2.0 : i * (WIDTH - 2.0 * PAD) / (points.size() - 1));
            double y = HEIGHT - PAD - (value(v, metric) - min) / (max - min) * (HEIGHT - 2.0 * PAD);
            line.append(i == 0 ? "M" : " L").append(coordinate(x)).append(',').append(coordinate(y));
            boolean isLive = live.contains(v.id());
            String beside = candidates.get(v.id());
            boolean marked = isLive || beside != null;
            dots.append("<a href=\"/versions/").append(escape(v.id())).append("\"><circle class=\"point")
                    .append(isLive ? " live" : beside != null ? " candidate" : "").append("\" data-version=\"")
                    .append(escape(v.id())).append("\" cx=\"").append(coordinate(x)).append("\" cy=\"")
                    .append(coordinate(y)).append("\" r=\"").append(marked ? 7 : 4).append("\" fill=\"")
                    .append(isLive ? "#2a8a3e" : beside != null ? "#c77700" : "#3b6ea8")
                    .append("\"><title>").append(escape(v.id() + ": " + metric + " = " + format(value(v, metric))
                            + (isLive ? " (live)" : beside != null ? " (" + beside + ")" : "")))
                    .append("</title></circle></a>");
        }
        svg.append("<path d=\"").append(line).append("\" fill=\"none\" stroke=\"#3b6ea8\" stroke-width=\"2\"/>")
                .append(dots).append("</svg>");
        return svg.toString();
    }

    private static String axisLabel(int x, int y, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"end\" fill=\"#556\">" + escape(text) + "</text>";
    }

    private static double value(ModelVersion v, String metric) {
        return ((Number) v.metrics().get(metric)).doubleValue();
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String format(double value) {
        return MetricsText.of(Map.of("v", value)).replaceAll("^\\{v=|}$", "");
    }

    private static String escape(String text) {
        return StringEscapeUtils.escapeXml10(text);
    }
}
