package io.roro.core.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of a lineage walk: records as nodes and "produced" relations as edges from parent to child (dataset
 * -> model version -> deployment). The CLI prints it as a tree from the root; the Jenkins pages draw it.
 *
 * @param direction UPSTREAM walks from the root to what it came from; DOWNSTREAM to what came from it
 */
public record LineageGraph(String root, Direction direction, Map<String, Node> nodes, List<Edge> edges) {

    public enum Direction { UPSTREAM, DOWNSTREAM }

    public enum Kind { DEPLOYMENT, MODEL_VERSION, TRAINING, DATASET, BUILD_VERSION, COMMIT }

    /** A record in the graph; {@code key} is the record's id, {@code id} that id prefixed with the kind. */
    public record Node(String id, Kind kind, String key, String label, Map<String, Object> attributes) {
        public Node {
            attributes = RecordValues.copy(attributes);
        }
    }

    /** {@code parent} produced or feeds {@code child}, e.g. a dataset and the version trained on it. */
    public record Edge(String parent, String child, String relation) {
    }

    public LineageGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
    }

    public static String nodeId(Kind kind, String key) {
        return kind.name().toLowerCase() + "/" + key;
    }

    public List<Node> nodes(Kind kind) {
        return nodes.values().stream().filter(n -> n.kind() == kind).toList();
    }

    /** Deployments in the graph that are running now and serve one of the graph's model versions. */
    public List<Node> liveDeployments() {
        Set<String> versions = new HashSet<>();
        nodes(Kind.MODEL_VERSION).forEach(n -> versions.add(n.key()));
        return nodes(Kind.DEPLOYMENT).stream()
                .filter(n -> Boolean.TRUE.equals(n.attributes().get("live")))
                .filter(n -> versions.contains(String.valueOf(n.attributes().get("model_version"))))
                .toList();
    }

    /** Indented tree from the root, following the walk's direction; shared records print once, then as "(above)". */
    public String renderTree() {
        StringBuilder out = new StringBuilder();
        render(root, "", "", new HashSet<>(), out);
        return out.toString();
    }

    private void render(String id, String prefix, String childPrefix, Set<String> seen, StringBuilder out) {
        Node node = nodes.get(id);
        out.append(prefix).append(node.label());
        if (!seen.add(id)) {
            out.append(" (above)\n");
            return;
        }
        out.append('\n');
        List<Edge> next = new ArrayList<>();
        for (Edge edge : edges) {
            if (direction == Direction.UPSTREAM ? edge.child().equals(id) : edge.parent().equals(id)) {
                next.add(edge);
            }
        }
        for (int i = 0; i < next.size(); i++) {
            Edge edge = next.get(i);
            boolean last = i == next.size() - 1;
            String target = direction == Direction.UPSTREAM ? edge.parent() : edge.child();
            render(target, childPrefix + (last ? "└─ " : "├─ ") + edge.relation() + ": ",
                    childPrefix + (last ? "   " : "│  "), seen, out);
        }
    }

    /**
     * Several walks as one graph (e.g. everything a Jenkins build used and produced): nodes and edges once each,
     * rooted at the first graph's root.
     */
    public static LineageGraph merge(List<LineageGraph> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        Builder all = new Builder();
        for (LineageGraph graph : graphs) {
            graph.nodes().values().forEach(n -> all.nodes.putIfAbsent(n.id(), n));
            graph.edges().forEach(e -> all.edge(e.parent(), e.child(), e.relation()));
        }
        return all.build(graphs.get(0).root(), graphs.get(0).direction());
    }

    /** Collects nodes and edges during a walk. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();
        private final Set<String> edgeKeys = new HashSet<>();

        public boolean has(String id) {
            return nodes.containsKey(id);
        }

        public String add(Kind kind, String key, String label, Map<String, Object> attributes) {
            String id = nodeId(kind, key);
            nodes.putIfAbsent(id, new Node(id, kind, key, label, attributes));
            return id;
        }

        public void edge(String parent, String child, String relation) {
            if (edgeKeys.add(parent + "|" + child + "|" + relation)) {
                edges.add(new Edge(parent, child, relation));
            }
        }

        public LineageGraph build(String root, Direction direction) {
            return new LineageGraph(root, direction, nodes, edges);
        }
    }
}
