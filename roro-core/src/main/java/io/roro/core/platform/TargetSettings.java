package io.roro.core.platform;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the targets given as {@code VARIABLE=value} lines, one per setting (what an administrator writes once
 * for every build, e.g. in Jenkins' configuration): each variable must be one a target declares
 * ({@link PlatformSetting#variable()}), so a new target's settings are set there with no change to whoever passes
 * them on, and a typo is an error naming its line rather than a setting silently not taken.
 */
public final class TargetSettings {
    private TargetSettings() {
    }

    /**
     * The settings {@code text} gives, in its order; blank lines and {@code #} comments are skipped. {@code owned}
     * are variables the caller sets from settings of its own, refused here so that one value has one place.
     *
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static Map<String, String> parse(String text, Collection<PlatformProvider> providers, Set<String> owned) {
        Map<String, String> declared = declared(providers);
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "target settings, line " + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + "'" + line + "' is not VARIABLE=value");
            }
            String variable = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (owned.contains(variable)) {
                throw new IllegalArgumentException(where + variable + " has a field of its own in this configuration;"
                        + " set it there");
            }
            if (!declared.containsKey(variable)) {
                throw new IllegalArgumentException(where + variable + " is no target's setting (known: "
                        + String.join(", ", declared.keySet().stream().filter(v -> !owned.contains(v)).toList())
                        + ")");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where + variable + " has no value");
            }
            if (settings.put(variable, value) != null) {
                throw new IllegalArgumentException(where + variable + " is set twice");
            }
        }
        return settings;
    }

    /** What each variable a target declares sets, for help: {@code RORO_REGISTRY} -> {@code kubernetes: --registry ...}. */
    public static Map<String, String> declared(Collection<PlatformProvider> providers) {
        Map<String, String> declared = new LinkedHashMap<>();
        for (PlatformProvider provider : providers) {
            for (PlatformSetting setting : provider.settings()) {
                Optional<String> variable = setting.variable();
                variable.ifPresent(v -> declared.merge(v, provider.name() + ": " + setting.option() + " ("
                        + setting.description() + ")", (a, b) -> a + "; " + b));
            }
        }
        return declared;
    }

    /** One line per variable a target declares, for a form's help. */
    public static List<String> help(Collection<PlatformProvider> providers, Set<String> owned) {
        return declared(providers).entrySet().stream().filter(e -> !owned.contains(e.getKey()))
                .map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.toList());
    }
}
