package io.roro.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Whether a service's {@code function:} is there before any container starts: its module is a file of the project
 * (or a package its requirements install) and binds the name at its top level. The module is read as text, never
 * run; a module that binds names in ways text cannot show ({@code from x import *}) is taken at its word.
 */
final class PythonModules {
    private static final long MAX_BYTES = 4L << 20;
    private static final Pattern DEF = Pattern.compile("^(?:async\\s+)?def\\s+(\\w+)\\s*\\(|^class\\s+(\\w+)");
    private static final Pattern ASSIGN = Pattern.compile("^(\\w+)\\s*(?::[^=]*)?=(?!=)");
    private static final Pattern IMPORT = Pattern.compile("^(?:from\\s+\\S+\\s+)?import\\s+(.+)");
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(2);

    private PythonModules() {
    }

    /** Why {@code ref} would not import in a service run from {@code root}; empty when, as text shows, it would. */
    static Optional<String> check(Path root, FunctionRef ref) {
        String[] parts = ref.module().split("\\.");
        Path module = root;
        for (int i = 0; i < parts.length - 1; i++) {
            module = module.resolve(parts[i]);
        }
        String last = parts[parts.length - 1];
        Path file = Files.isRegularFile(module.resolve(last + ".py")) ? module.resolve(last + ".py")
                : module.resolve(last).resolve("__init__.py");
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(root.resolve(parts[0])) && !Files.exists(root.resolve(parts[0] + ".py"))
                    && required(root, parts[0])) {
                return Optional.empty(); // a package the image installs from requirements.txt
            }
            String wanted = String.join("/", parts) + ".py";
            return Optional.of("'" + ref.dotted() + "': there is no " + wanted + " (nor " + String.join("/", parts)
                    + "/__init__.py) in the project directory" + nearbyModule(root, parts));
        }
        TopLevel bound;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            bound = topLevel(Files.readAllLines(file));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // not readable as text: the container will say
        }
        if (bound == null || bound.names().contains(ref.function())) {
            return Optional.empty();
        }
        String shown = root.relativize(file).toString();
        List<String> callables = new ArrayList<>(bound.names());
        // suggested among what the module defines itself (a def or class), not what it imports
        String hint = bound.defined().stream().filter(n -> DISTANCE.apply(n, ref.function()) >= 0)
                .min(Comparator.comparingInt(n -> DISTANCE.apply(n, ref.function())))
                .map(n -> "; did you mean " + ref.module() + "." + n + "?").orElse("");
        return Optional.of("'" + ref.dotted() + "': " + shown + " defines no `" + ref.function() + "` at its top level"
                + (callables.isEmpty() ? "" : " (it defines " + String.join(", ", callables.subList(0,
                        Math.min(8, callables.size()))) + ")") + hint);
    }

    /** Names a module binds at its top level, and those of them its own def and class statements bind. */
    record TopLevel(Set<String> names, Set<String> defined) {
    }

    /** What a module binds at its top level; null when text cannot tell ({@code import *}). */
    static TopLevel topLevel(List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> definedHere = new LinkedHashSet<>();
        for (String line : lines) {
            Matcher def = DEF.matcher(line);
            if (def.find()) {
                String defined = def.group(1) != null ? def.group(1) : def.group(2);
                names.add(defined);
                definedHere.add(defined);
                continue;
            }
            Matcher imported = IMPORT.matcher(line);
            if (imported.find()) {
                for (String item : imported.group(1).replaceAll("[()\\\\]", " ").split(",")) {
                    String[] words = item.trim().split("\\s+");
                    if (words[0].equals("*")) {
                        return null;
                    }
                    String bound = words.length >= 3 && words[1].equals("as") ? words[2] : words[0].split("\\.")[0];
                    if (!bound.isEmpty() && !bound.startsWith("#")) {
                        names.add(bound);
                    }
                }
                continue;
            }
            Matcher assign = ASSIGN.matcher(line);
            if (assign.find()) {
                names.add(assign.group(1));
            }
        }
        return new TopLevel(names, definedHere);
    }

    private static boolean required(Path root, String module) {
        Path requirements = root.resolve("requirements.txt");
        try {
            String wanted = module.toLowerCase(Locale.ROOT).replace('_', '-');
            return Files.isRegularFile(requirements) && Files.readAllLines(requirements).stream()
                    .map(l -> l.split("[<>=!~;\\[ #]")[0].trim().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .anyMatch(wanted::equals);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static String nearbyModule(Path root, String[] parts) {
        if (parts.length != 1) {
            return "";
        }
        try (var files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py"))
                    .map(n -> n.substring(0, n.length() - 3))
                    .filter(n -> DISTANCE.apply(n, parts[0]) >= 0)
                    .min(Comparator.comparingInt(n -> DISTANCE.apply(n, parts[0])))
                    .map(n -> "; did you mean " + n + ".py?").orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
