package io.roro.core.spec;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for what roro.yml may name. Names end up in container, Kubernetes and Jenkins job names, URLs and
 * file paths, so they are restricted to what is safe in all of them; paths must stay inside the project.
 * Each check returns the problem message, or empty when the value is fine.
 */
public final class Names {
    /** DNS-label-like: used for the project, services, tasks, models and datasets. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    public static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FUNCTION = Pattern.compile(
            "(?<module>[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)(?::(?<fn>[A-Za-z_][A-Za-z0-9_]*))?");
    /** docker's reference grammar, simplified: [host[:port]/]path[:tag][@sha256:hex]. */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
    private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield");
    /** The runtimes roro ships images for; anything else must be an image reference. */
    public static final Set<String> RUNTIME_ALIASES = Set.of("python3", "python3-gpu", "python3-keras");

    private Names() {
    }

    /** Checks a name of kind {@code what} (project, service, ...). */
    public static Optional<String> checkName(String what, String value) {
        if (NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + value + "' is not a valid " + what + " name; use 1-63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit (e.g. " + example(what) + ")");
    }

    /** A dataset's name: a name that cannot be read as a version ({@code credit-data:v3} pins version v3). */
    public static Optional<String> checkDatasetName(String value) {
        if (value.matches("v[0-9]+")) {
            return Optional.of("'" + value + "' reads as a dataset version; name the dataset for its data (e.g."
                    + " credit-data) and let roro number its versions");
        }
        return checkName("dataset", value);
    }

    public static Optional<String> checkProfileName(String value) {
        if (PROFILE.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + value + "' is not a valid profile name; use 1-63 letters, digits, '-' and '_'"
                + " (e.g. gpu-large or S1)");
    }

    private static String example(String what) {
        return switch (what) {
            case "project" -> "credit-risk";
            case "service" -> "default or api";
            case "task" -> "retrain";
            case "model" -> "credit-model";
            case "dataset" -> "credit-data";
            default -> "my-" + what;
        };
    }

    /** Parses {@code module.function} or {@code module.path:function}. */
    public static FunctionRef parseFunction(String value) throws IllegalArgumentException {
        var m = FUNCTION.matcher(value);
        String valid = "; expected module.function or package.module:function made of Python identifiers"
                + " (e.g. predict.predict)";
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a Python function reference" + valid);
        }
        String module = m.group("module");
        String function = m.group("fn");
        if (function == null) {
            int dot = module.lastIndexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("'" + value + "' names no module" + valid);
            }
            function = module.substring(dot + 1);
            module = module.substring(0, dot);
        }
        for (String part : (module + "." + function).split("\\.")) {
            if (PYTHON_KEYWORDS.contains(part)) {
                throw new IllegalArgumentException("'" + value + "' uses the Python keyword '" + part
                        + "', which cannot be a module or function name");
            }
        }
        return new FunctionRef(module, function);
    }

    /**
     * Checks a path relative to the project directory: no absolute paths, no {@code ..}, no control characters,
     * so nothing from roro.yml can reach outside the project or smuggle characters into a shell or a Dockerfile.
     */
    public static Optional<String> checkRelativePath(String value) {
        String stay = "; paths are relative to the project directory and must stay inside it";
        if (value.isEmpty()) {
            return Optional.of("path is empty" + stay);
        }
        if (value.length() > 255) {
            return Optional.of("path is longer than 255 characters");
        }
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("path contains a control character" + stay);
            }
            if ("\\\"'`$;|&<>*?".indexOf(c) >= 0) {
                return Optional.of("path '" + value + "' contains '" + c + "'; use letters, digits, '.', '-', '_'"
                        + " and '/'");
            }
        }
        if (value.startsWith("/") || value.startsWith("~") || value.matches("[A-Za-z]:.*")) {
            return Optional.of("'" + value + "' is absolute" + stay);
        }
        for (String segment : value.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("'" + value + "' leaves the project directory (..)" + stay);
            }
        }
        return Optional.empty();
    }

    /** A plain file name: what a model file is called inside a version, never a path. */
    public static Optional<String> checkFileName(String value) {
        if (value.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}") && !value.contains("..")) {
            return Optional.empty();
        }
        return Optional.of("'" + value + "' is not a valid file name; use letters, digits, '.', '-' and '_'"
                + " without directories (e.g. model.pkl)");
    }

    /** A runtime alias (python3, python3-gpu, python3-keras) or a Docker image reference. */
    public static Optional<String> checkRuntime(String value) {
        if (RUNTIME_ALIASES.contains(value) || (value.contains("/") || value.contains(":"))
                && IMAGE.matcher(value).matches() && value.length() <= 255) {
            return Optional.empty();
        }
        return Optional.of("'" + value + "' is neither a runtime (" + String.join(", ", RUNTIME_ALIASES.stream()
                .sorted().toList()) + ") nor an image reference such as registry.example.com/team/base:1.0");
    }

    static boolean isIdentifier(String value) {
        return IDENTIFIER.matcher(value).matches();
    }
}
