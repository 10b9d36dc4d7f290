package io.roro.core.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pip.conf as pip reads it (Python's configparser): {@code [section]}, {@code key = value} or {@code key: value},
 * indented continuation lines (how pip.conf lists several extra indexes), {@code #} and {@code ;} comment lines,
 * keys in lower case with {@code _} as {@code -} (pip's normalisation). Written here because the INI readers on
 * Maven Central (commons-configuration, ini4j) do not read continuation lines, and a dropped index is a silent
 * wrong build.
 */
final class IniSections {
    private IniSections() {
    }

    static Map<String, Map<String, String>> parse(List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> section = null;
        String key = null;
        for (String line : lines) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            boolean continuation = Character.isWhitespace(line.charAt(0));
            if (continuation && section != null && key != null) {
                section.merge(key, stripped, (a, b) -> a.isEmpty() ? b : a + "\n" + b);
            } else if (stripped.startsWith("[") && stripped.endsWith("]")) {
                section = sections.computeIfAbsent(stripped.substring(1, stripped.length() - 1).strip(),
                        s -> new LinkedHashMap<>());
                key = null;
            } else if (section != null) {
                int eq = firstSeparator(stripped);
                key = (eq < 0 ? stripped : stripped.substring(0, eq)).strip().toLowerCase(Locale.ROOT)
                        .replace('_', '-');
                section.put(key, eq < 0 ? "" : stripped.substring(eq + 1).strip());
            }
        }
        return sections;
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }
}
