package io.roro.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML tree that remembers where every node and key came from. Jackson's {@code JsonNode} drops locations,
 * and precise {@code file:line:column} errors are the point of roro.yml validation, so the reader builds this.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** 1-based position in the file. */
    record Mark(int line, int column) {
    }

    Mark mark();

    /** How a user would name this kind of node in an error message. */
    String kind();

    /** A key of a mapping with its own position, so "unknown key" points at the key, not the value. */
    record Entry(String key, Mark keyMark, YamlNode value) {
    }

    record Mapping(Mark mark, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar keeps its text and the type YAML resolved it to ({@code 2} is an integer, {@code "2"} a string). */
    record Scalar(Mark mark, String text, Type type) implements YamlNode {
        public enum Type { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

        /**
         * The value of a BOOLEAN scalar. The parser reads YAML 1.1, where {@code yes} and {@code on} are
         * true as {@code true} is (any case): read as Java's Boolean.parseBoolean they were silently false.
         */
        public boolean isTrue() {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                default -> false;
            };
        }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INTEGER -> "an integer";
                case FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing (null)";
            };
        }
    }
}
