package io.roro.core.lineage;

import io.roro.core.contract.Deployment;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageGraph.Edge;
import io.roro.core.contract.LineageGraph.Kind;
import io.roro.core.contract.LineageGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A lineage graph drawn as a standalone SVG: one column per kind of record, in the order things are made (sources,
 * builds, trainings, model versions, deployments), edges from what produced to what was produced. Live deployments
 * are outlined in green, failed records in red. Every text is XML-escaped (commons-text), so labels from lineage
 * (user-chosen names, metrics) cannot inject markup into the page that embeds the drawing.
 */
public final class LineageSvg {
    private static final int WIDTH = 230;
    private static final int HEIGHT = 46;
    private static final int COLUMN_GAP = 70;
    private static final int ROW_GAP = 18;
    private static final int MARGIN = 20;
    private static final int MAX_LABEL = 34;
    private static final Map<Kind, Integer> COLUMN = new EnumMap<>(Map.of(Kind.COMMIT, 0, Kind.DATASET, 0,
            Kind.BUILD_VERSION, 1, Kind.TRAINING, 2, Kind.MODEL_VERSION, 3, Kind.DEPLOYMENT, 4));

    private LineageSvg() {
    }

    public static String render(LineageGraph graph) {
        return render(graph, node -> Optional.empty());
    }

    /** @param link where a node leads (the UI links each to its page), if anywhere */
    public static String render(LineageGraph graph, Function<Node, Optional<String>> link) {
        Map<Integer, List<Node>> columns = new TreeMap<>();
        for (Node node : graph.nodes().values()) {
            columns.computeIfAbsent(COLUMN.get(node.kind()), c -> new ArrayList<>()).add(node);
        }
        // left to right, each column ordered by where its parents stand (barycentre): fewer crossing edges
        Map<String, Integer> rowOf = new HashMap<>();
        Map<String, int[]> position = new HashMap<>();
        int rows = 0;
        for (Map.Entry<Integer, List<Node>> column : columns.entrySet()) {
            List<Node> nodes = new ArrayList<>(column.getValue());
            Map<String, Double> weight = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                String id = nodes.get(i).id();
                double[] parents = graph.edges().stream().filter(e -> e.child().equals(id))
                        .map(e -> rowOf.get(e.parent())).filter(Objects::nonNull)
                        .mapToDouble(Integer::doubleValue).toArray();
                weight.put(id, parents.length == 0 ? Double.MAX_VALUE / 2 + i
                        : Arrays.stream(parents).average().orElseThrow() + i * 1e-6);
            }
            nodes.sort(Comparator.comparingDouble(n -> weight.get(n.id())));
            for (int row = 0; row < nodes.size(); row++) {
                rowOf.put(nodes.get(row).id(), row);
                position.put(nodes.get(row).id(), new int[] {MARGIN + column.getKey() * (WIDTH + COLUMN_GAP),
                        MARGIN + row * (HEIGHT + ROW_GAP)});
            }
            rows = Math.max(rows, nodes.size());
        }
        int width = 2 * MARGIN + 5 * WIDTH + 4 * COLUMN_GAP;
        int height = 2 * MARGIN + Math.max(1, rows) * (HEIGHT + ROW_GAP) - ROW_GAP;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n");
        svg.append("<title>").append(escape("lineage of " + graph.root())).append("</title>\n");
        svg.append("<defs><marker id=\"roro-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker>"
                + "</defs>\n");
        for (Edge edge : graph.edges()) {
            int[] from = position.get(edge.parent());
            int[] to = position.get(edge.child());
            if (from == null || to == null) {
                continue;
            }
            int x1 = from[0] + WIDTH;
            int y1 = from[1] + HEIGHT / 2;
            int x2 = to[0];
            int y2 = to[1] + HEIGHT / 2;
            int bend = Math.max(30, (x2 - x1) / 2);
            Serving serving = Serving.of(edge.relation());
            svg.append("<path class=\"edge ").append(serving.cssClass).append("\" d=\"M").append(x1).append(',')
                    .append(y1).append(" C").append(x1 + bend).append(',').append(y1).append(' ').append(x2 - bend)
                    .append(',').append(y2).append(' ').append(x2).append(',').append(y2)
                    .append("\" fill=\"none\" stroke=\"").append(serving.stroke).append("\" stroke-width=\"")
                    .append(serving.width).append('"').append(serving.dashes.isEmpty() ? ""
                            : " stroke-dasharray=\"" + serving.dashes + "\"")
                    .append(" marker-end=\"url(#roro-arrow)\"><title>")
                    .append(escape(edge.relation())).append("</title></path>\n");
            if (serving == Serving.LIVE || serving == Serving.CANDIDATE) { // said on the edge, not only its tooltip
                svg.append("<text class=\"edge-label\" x=\"").append(x2 - 6).append("\" y=\"").append(y2 - 5)
                        .append("\" text-anchor=\"end\" font-size=\"10\" fill=\"").append(serving.stroke)
                        .append("\">").append(escape(edge.relation().replaceFirst(" (on|to)$", "")))
                        .append("</text>\n");
            }
        }
        for (Node node : graph.nodes().values()) {
            int[] at = position.get(node.id());
            Optional<String> href = link.apply(node);
            href.ifPresent(h -> svg.append("<a href=\"").append(escape(h)).append("\">"));
            svg.append("<g class=\"node ").append(node.kind().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append("<title>").append(escape(node.label())).append("</title>")
                    .append("<rect x=\"").append(at[0]).append("\" y=\"").append(at[1]).append("\" width=\"")
                    .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" rx=\"6\" fill=\"")
                    .append(fill(node.kind())).append("\" stroke=\"").append(stroke(node))
                    .append("\" stroke-width=\"").append(stroke(node).equals("#889") ? 1 : 2.5).append("\"/>")
                    .append("<text x=\"").append(at[0] + 8).append("\" y=\"").append(at[1] + 16)
                    .append("\" fill=\"#556\" font-size=\"10\">").append(escape(kindName(node.kind())))
                    .append("</text><text x=\"").append(at[0] + 8).append("\" y=\"").append(at[1] + 34)
                    .append("\">").append(escape(shorten(node.key()))).append("</text></g>");
            svg.append(href.isPresent() ? "</a>\n" : "\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /**
     * How a model version reaches a deployment, drawn apart: what serves now (solid green), a canary or shadow
     * beside it (dashed amber), what served once (dotted grey); other edges as they are.
     */
    private enum Serving {
        LIVE("serving", "#2a8a3e", 2.5, ""), CANDIDATE("candidate", "#c98a00", 2, "6 3"),
        PAST("past", "#aab", 1, "2 3"), OTHER("", "#667", 1, "");

        final String cssClass;
        final String stroke;
        final double width;
        final String dashes;

        Serving(String cssClass, String stroke, double width, String dashes) {
            this.cssClass = cssClass;
            this.stroke = stroke;
            this.width = width;
            this.dashes = dashes;
        }

        /** From the relation lineage names ({@link Deployment#servesAs}, else "was deployed to"). */
        static Serving of(String relation) {
            if (relation.startsWith("serving") || relation.equals("serves")) {
                return LIVE;
            }
            if (relation.startsWith("canary") || relation.startsWith("shadow")) {
                return CANDIDATE;
            }
            return relation.equals("was deployed to") ? PAST : OTHER;
        }
    }

    private static String kindName(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String fill(Kind kind) {
        return switch (kind) {
            case COMMIT, DATASET -> "#eef3fb";
            case BUILD_VERSION -> "#f3eefb";
            case TRAINING -> "#fbf6ea";
            case MODEL_VERSION -> "#eefbf1";
            case DEPLOYMENT -> "#f6f6f6";
        };
    }

    private static String stroke(Node node) {
        if (Boolean.TRUE.equals(node.attributes().get("live"))) {
            return "#2a8a3e";
        }
        Object state = node.attributes().get("state");
        if (state != null && String.valueOf(state).matches("FAILED|CANCELLED|ROLLED_BACK")) {
            return "#c0392b";
        }
        return "#889";
    }

    private static String shorten(String text) {
        return text.length() <= MAX_LABEL ? text : text.substring(0, MAX_LABEL - 1) + "…";
    }

    /** XML 1.0 text and attribute escaping (control characters XML cannot carry are dropped). */
    static String escape(String text) {
        return StringEscapeUtils.escapeXml10(text);
    }
}
