package io.roro.core.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What can be a config var on every target: an environment variable name roro does not set itself, one line. */
public final class ConfigVarRules {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** What roro sets in every container itself. */
    private static final Set<String> SET_BY_RORO = Set.of("HOME", "PATH", "PORT", "HOSTNAME", "PYTHONPATH",
            "PYTHONUNBUFFERED");

    private ConfigVarRules() {
    }

    /** Refuses, with every problem named, what cannot be a config var on any target. */
    public static void check(Map<String, String> vars) {
        List<String> problems = new ArrayList<>();
        vars.forEach((name, value) -> problem(name, value).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static Optional<String> problem(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not an environment variable name: use letters, digits"
                    + " and _, not starting with a digit (e.g. API_TOKEN)");
        }
        if (name.startsWith("RORO_") || SET_BY_RORO.contains(name)) {
            return Optional.of(name + " is set by roro in every container; choose another name");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            return Optional.of("the value of " + name + " has a line break: a config var is one line"
                    + " (for a multi-line secret, keep it in a file and set its path)");
        }
        return Optional.empty();
    }
}
