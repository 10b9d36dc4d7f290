package io.roro.core.ui;

import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Where each kind of record has its page: one place, for the pages and the lineage graph's links. */
final class UiLinks {
    private UiLinks() {
    }

    static Optional<String> of(LineageGraph.Node node) {
        String key = node.key();
        return switch (node.kind()) {
            case MODEL_VERSION -> Optional.of("/versions/" + path(key));
            case TRAINING -> Optional.of("/trainings/" + path(key));
            case DATASET -> Optional.of(dataset(key));
            case BUILD_VERSION -> Optional.of("/lineage?of=" + query(new LineageRef(LineageRef.Kind.BUILD, key)
                    .format()) + "&downstream=1");
            case DEPLOYMENT -> key.contains(":") ? Optional.of("/projects/" + path(key.substring(0, key.indexOf(':')))
                    + "/services/" + path(key.substring(key.indexOf(':') + 1))) : Optional.empty();
            case COMMIT -> Optional.empty();
        };
    }

    /** A dataset version's page: its lineage downstream (what was trained on it, what of that is live). */
    static String dataset(String id) {
        return "/lineage?of=" + query(new LineageRef(LineageRef.Kind.DATASET, id).format()) + "&downstream=1";
    }

    static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
