package io.roro.core.spec;

import io.roro.core.spec.YamlNode.Entry;
import io.roro.core.spec.YamlNode.Mapping;
import io.roro.core.spec.YamlNode.Scalar;
import io.roro.core.spec.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Typed, located access to the keys of one YAML mapping. Wrong types and unknown keys are recorded as problems
 * (with a "did you mean" for near misses) and read as absent, so reading goes on and every problem is found.
 */
final class Fields {
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private final Problems problems;
    private final Mapping mapping;
    private final String path;

    private Fields(Problems problems, Mapping mapping, String path) {
        this.problems = problems;
        this.mapping = mapping;
        this.path = path;
    }

    /** Fields of {@code mapping} at {@code path}; keys outside {@code known} are reported. */
    static Fields of(Problems problems, Mapping mapping, String path, Set<String> known) {
        for (Entry entry : mapping.entries().values()) {
            if (!known.contains(entry.key())) {
                problems.add(entry.keyMark(), join(path, entry.key()), unknownKey(entry.key(), known));
            }
        }
        return new Fields(problems, mapping, path);
    }

    /** {@code node} as a mapping, or a problem and empty when it is something else. */
    static Optional<Mapping> mapping(Problems problems, YamlNode node, String path, String example) {
        if (node instanceof Mapping m) {
            return Optional.of(m);
        }
        problems.add(node, path, "expected a mapping (" + example + "), found " + node.kind());
        return Optional.empty();
    }

    static String unknownKey(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = DISTANCE.apply(key.toLowerCase(), candidate);
            if (distance >= 0 && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        String valid = "valid keys: " + String.join(", ", new TreeSet<>(known));
        if (best != null && bestDistance <= Math.max(1, Math.min(2, key.length() / 3))) {
            return "unknown key '" + key + "'; did you mean '" + best + "'? (" + valid + ")";
        }
        return "unknown key '" + key + "' (" + valid + ")";
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path(String key) {
        return join(path, key);
    }

    String path() {
        return path;
    }

    Mapping mapping() {
        return mapping;
    }

    boolean has(String key) {
        return node(key).isPresent();
    }

    /** The value of {@code key}, absent when missing or written as an empty value. */
    Optional<YamlNode> node(String key) {
        Entry entry = mapping.entries().get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.value() instanceof Scalar s && s.type() == Scalar.Type.NULL) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Where to point for {@code key}: its value when present, else the mapping itself. */
    YamlNode.Mark mark(String key) {
        return node(key).map(YamlNode::mark).orElse(mapping.mark());
    }

    void problem(String key, String message) {
        problems.add(mark(key), path(key), message);
    }

    /** A scalar as text; numbers are accepted as their text (cpu: 2 is "2"). */
    Optional<String> string(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof Scalar s && s.type() != Scalar.Type.BOOLEAN) {
            return Optional.of(s.text());
        }
        problem(key, "expected text, found " + node.get().kind());
        return Optional.empty();
    }

    Optional<String> requiredString(String key, String example) {
        Optional<String> value = string(key);
        if (value.isEmpty() && !has(key)) {
            problem(key, "missing required key '" + key + "' (e.g. " + example + ")");
        } else if (value.isPresent() && value.get().isBlank()) {
            problem(key, "'" + key + "' is empty (e.g. " + example + ")");
            return Optional.empty();
        }
        return value;
    }

    Optional<Integer> integer(String key, int min, int max) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof Scalar s && s.type() == Scalar.Type.INTEGER) {
            if (s.text().matches("[+-]?0[0-9_]+")) {
                // YAML 1.1 reads a leading zero as octal (010 is 8): say so rather than guess
                problem(key, "'" + s.text() + "' has a leading zero, which YAML may read as an octal number; write "
                        + s.text().replaceFirst("^([+-]?)0+(?=\\d)", "$1"));
                return Optional.empty();
            }
            try {
                long value = Long.parseLong(s.text().replace("_", "").replace("+", ""));
                if (value >= min && value <= max) {
                    return Optional.of((int) value);
                }
            } catch (NumberFormatException expected) {
                // reported below
            }
            problem(key, "'" + s.text() + "' is out of range; expected a whole number from " + min + " to " + max);
            return Optional.empty();
        }
        problem(key, "expected a whole number from " + min + " to " + max + ", found " + describe(node.get()));
        return Optional.empty();
    }

    Optional<Boolean> bool(String key) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof Scalar s && s.type() == Scalar.Type.BOOLEAN) {
            return Optional.of(s.isTrue());
        }
        problem(key, "expected true or false, found " + describe(node.get()));
        return Optional.empty();
    }

    Optional<Mapping> map(String key, String example) {
        return node(key).flatMap(n -> mapping(problems, n, path(key), example));
    }

    Optional<Sequence> list(String key, String example) {
        Optional<YamlNode> node = node(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof Sequence s) {
            return Optional.of(s);
        }
        problem(key, "expected a list (" + example + "), found " + describe(node.get()));
        return Optional.empty();
    }

    /** A string, or a list of strings ({@code cors_allow_origins: "*"} and {@code [a, b]} both work). */
    List<String> strings(String key) {
        Optional<YamlNode> node = node(key);
        List<String> values = new ArrayList<>();
        if (node.isEmpty()) {
            return values;
        }
        if (node.get() instanceof Scalar s && s.type() == Scalar.Type.STRING) {
            values.add(s.text());
        } else if (node.get() instanceof Scalar s) {
            problem(key, "expected text or a list of texts, found " + describe(s));
        } else if (node.get() instanceof Sequence seq) {
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                if (item instanceof Scalar s && s.type() == Scalar.Type.STRING) {
                    values.add(s.text());
                } else {
                    problems.add(item, path(key) + "[" + i + "]", "expected text, found " + item.kind());
                }
            }
        } else {
            problem(key, "expected text or a list of text, found " + node.get().kind());
        }
        return values;
    }

    /** A mapping of text to text, such as a node selector. */
    Map<String, String> stringMap(String key, String example) {
        Map<String, String> values = new LinkedHashMap<>();
        map(key, example).ifPresent(m -> m.entries().values().forEach(entry -> {
            if (entry.value() instanceof Scalar s && s.type() != Scalar.Type.NULL) {
                values.put(entry.key(), s.text());
            } else {
                problems.add(entry.value(), path(key) + "." + entry.key(), "expected text, found "
                        + entry.value().kind());
            }
        }));
        return values;
    }

    static String describe(YamlNode node) {
        if (node instanceof Scalar s && s.type() != Scalar.Type.NULL) {
            return s.kind() + " '" + s.text() + "'";
        }
        return node.kind();
    }

    /** Plain Java values for a passthrough subtree (e.g. Kubernetes affinity). */
    static Object plain(YamlNode node) {
        if (node instanceof Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().values().forEach(e -> out.put(e.key(), plain(e.value())));
            return out;
        }
        if (node instanceof Sequence s) {
            return s.items().stream().map(Fields::plain).toList();
        }
        return scalarValue((Scalar) node);
    }

    static Object scalarValue(Scalar s) {
        return switch (s.type()) {
            case INTEGER -> {
                try {
                    yield Long.parseLong(s.text());
                } catch (NumberFormatException e) {
                    yield s.text();
                }
            }
            case FLOAT -> Double.parseDouble(s.text());
            case BOOLEAN -> s.isTrue();
            case NULL -> "";
            case STRING -> s.text();
        };
    }
}
