package io.roro.core.train;

import io.roro.core.secrets.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task parameters: {@code k=v} from the command line or a Jenkinsfile, typed like YAML scalars. */
public final class Params {
    private Params() {
    }

    /** {@code ["n_estimators=100", "lr=0.1", "warm=true", "name=x"]} with numbers and booleans typed. */
    public static Map<String, Object> parse(List<String> assignments) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + assignment + "' is not a parameter; write NAME=VALUE,"
                        + " e.g. max_depth=4");
            }
            String name = assignment.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("'" + name + "' is not a valid parameter name; use a Python"
                        + " identifier");
            }
            params.put(name, typed(assignment.substring(eq + 1)));
        }
        return params;
    }

    /**
     * {@code NAME=VALUE} entries from text with one per line, as a form's text area gives them: blank lines and
     * lines starting with {@code #} skipped, spaces around the first {@code =} dropped. Each is checked as
     * {@link #parse} checks it.
     */
    public static List<String> lines(String text) {
        List<String> entries = text.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.replaceFirst("\\s*=\\s*", "=")).toList();
        parse(entries);
        return entries;
    }

    static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException expected) {
            // not an integer
        }
        try {
            if (value.matches("[-+]?\\d*\\.\\d+([eE][-+]?\\d+)?|[-+]?\\d+[eE][-+]?\\d+")) {
                return Double.parseDouble(value);
            }
        } catch (NumberFormatException expected) {
            // text
        }
        return value;
    }

    /** The parameters as lineage records them: values of secret-looking names masked. */
    public static Map<String, Object> forLineage(Map<String, Object> params) {
        Map<String, Object> masked = new LinkedHashMap<>();
        params.forEach((k, v) -> masked.put(k, Secrets.looksSecret(k) ? Secrets.MASK : v));
        return masked;
    }
}
