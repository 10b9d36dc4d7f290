package io.roro.core.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The keys a profile's {@code affinity:} may have: the shape of Kubernetes' core/v1 Affinity. A misspelt key would
 * otherwise be dropped on the way to the cluster (or refused by it at deploy time), and the pod scheduled
 * anywhere; here it is a problem naming the key, where it is and what was probably meant. Values are checked by
 * Kubernetes itself.
 */
final class AffinityShape {
    private static final String REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution";
    private static final String PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution";
    /** For each object: its keys and what each holds (another object, "[" + a list of them, or a plain value). */
    private static final Map<String, Map<String, String>> SHAPES = Map.of(
            "Affinity", Map.of("nodeAffinity", "NodeAffinity", "podAffinity", "PodAffinity",
                    "podAntiAffinity", "PodAffinity"),
            "NodeAffinity", Map.of(REQUIRED, "NodeSelector", PREFERRED, "[PreferredSchedulingTerm"),
            "NodeSelector", Map.of("nodeSelectorTerms", "[NodeSelectorTerm"),
            "NodeSelectorTerm", Map.of("matchExpressions", "[Requirement", "matchFields", "[Requirement"),
            "Requirement", Map.of("key", "value", "operator", "value", "values", "value"),
            "PreferredSchedulingTerm", Map.of("weight", "value", "preference", "NodeSelectorTerm"),
            "PodAffinity", Map.of(REQUIRED, "[PodAffinityTerm", PREFERRED, "[WeightedPodAffinityTerm"),
            "WeightedPodAffinityTerm", Map.of("weight", "value", "podAffinityTerm", "PodAffinityTerm"),
            "PodAffinityTerm", Map.of("labelSelector", "LabelSelector", "namespaceSelector", "LabelSelector",
                    "namespaces", "value", "topologyKey", "value", "matchLabelKeys", "value",
                    "mismatchLabelKeys", "value"),
            "LabelSelector", Map.of("matchLabels", "value", "matchExpressions", "[Requirement"));
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(6);

    private AffinityShape() {
    }

    /** What in {@code affinity} is not a key of its place, each as "PATH: message". */
    static List<String> problems(Map<String, Object> affinity) {
        List<String> problems = new ArrayList<>();
        check(affinity, "Affinity", "affinity", problems);
        return problems;
    }

    private static void check(Object value, String shape, String path, List<String> problems) {
        if (shape.equals("value")) {
            return;
        }
        if (shape.startsWith("[")) {
            if (!(value instanceof List<?> list)) {
                problems.add(path + ": a list is expected here");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), shape.substring(1), path + "[" + i + "]", problems);
            }
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(path + ": a mapping is expected here");
            return;
        }
        Map<String, String> keys = SHAPES.get(shape);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String child = keys.get(key);
            if (child == null) {
                problems.add(path + ": unknown key '" + key + "'" + closest(key, keys.keySet().stream().toList())
                        + " (keys here: " + String.join(", ", keys.keySet().stream().sorted().toList()) + ")");
            } else {
                check(entry.getValue(), child, path + "." + key, problems);
            }
        }
    }

    private static String closest(String key, List<String> known) {
        return known.stream().filter(k -> DISTANCE.apply(k.toLowerCase(), key.toLowerCase()) >= 0)
                .min(Comparator.comparingInt(k -> DISTANCE.apply(k.toLowerCase(), key.toLowerCase())))
                .map(k -> "; did you mean '" + k + "'?").orElse("");
    }
}
