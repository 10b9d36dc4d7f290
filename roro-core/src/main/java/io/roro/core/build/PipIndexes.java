package io.roro.core.build;

import io.roro.core.spec.BuildSpec;
import io.roro.core.spec.PackageIndexes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The package indexes a build's {@code pip install} uses, key by key: roro.yml's {@code build:} first, then the
 * pip settings of the machine roro runs on, as pip itself would read them there ({@code PIP_INDEX_URL} and
 * {@code PIP_EXTRA_INDEX_URL}, then the pip.conf files), then pip's default index. The build runs in a container
 * that sees none of the machine's settings, so roro carries them in.
 *
 * @param indexUrl       the index, when one is configured
 * @param extraIndexUrls further indexes
 * @param source         where they were found, for messages ("roro.yml build:", "PIP_INDEX_URL", a file)
 */
public record PipIndexes(Optional<String> indexUrl, List<String> extraIndexUrls, String source) {
    private static final Logger LOG = Logger.getLogger(PipIndexes.class.getName());

    public PipIndexes {
        extraIndexUrls = List.copyOf(extraIndexUrls);
    }

    public static PipIndexes none() {
        return new PipIndexes(Optional.empty(), List.of(), "pip's default");
    }

    /**
     * The indexes for a build with {@code build:} on a machine with {@code env}. An index from the machine that
     * carries credentials is refused: the engine's builder keeps each step's text in the image's history, so the
     * password would ship with every copy of the image.
     */
    public static PipIndexes of(BuildSpec build, Map<String, String> env) {
        PipConfig files = PipConfig.read(configFiles(env));
        Optional<Found> index = first(build.indexUrl().map(u -> new Found(u, "roro.yml build: index_url")),
                env("PIP_INDEX_URL", env), files.value("index-url"));
        Optional<Found> extras = first(build.extraIndexUrls().isEmpty() ? Optional.empty()
                        : Optional.of(new Found(String.join(" ", build.extraIndexUrls()), "roro.yml build: extra_index_url")),
                env("PIP_EXTRA_INDEX_URL", env), files.value("extra-index-url"));
        index = index.flatMap(PipIndexes::usable);
        extras = extras.flatMap(PipIndexes::usable);
        List<String> sources = new ArrayList<>();
        index.ifPresent(f -> sources.add(f.source()));
        extras.filter(f -> !sources.contains(f.source())).ifPresent(f -> sources.add(f.source()));
        return new PipIndexes(index.map(Found::value), extras.map(f -> words(f.value())).orElse(List.of()),
                sources.isEmpty() ? none().source() : String.join(", ", sources));
    }

    /** The variables that set them for a {@code pip install} run as a process (none for pip's default). */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        indexUrl.ifPresent(url -> variables.put("PIP_INDEX_URL", url));
        if (!extraIndexUrls.isEmpty()) {
            variables.put("PIP_EXTRA_INDEX_URL", String.join(" ", extraIndexUrls));
        }
        return variables;
    }

    /** The variables that set them for {@code pip install} in a build step ("" for pip's default). */
    public String shellAssignments() {
        return indexUrl.map(url -> "PIP_INDEX_URL='" + url + "' ").orElse("")
                + (extraIndexUrls.isEmpty() ? "" : "PIP_EXTRA_INDEX_URL='" + String.join(" ", extraIndexUrls) + "' ");
    }

    private record Found(String value, String source) {
    }

    @SafeVarargs
    private static Optional<Found> first(Optional<Found>... candidates) {
        return Arrays.stream(candidates).flatMap(Optional::stream).filter(f -> !f.value().isBlank()).findFirst();
    }

    private static Optional<Found> env(String name, Map<String, String> env) {
        return Optional.ofNullable(env.get(name)).map(v -> new Found(v.strip(), name));
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /**
     * The URLs of {@code found} a build can use. roro.yml's were checked when it was read. Of the machine's, one
     * that cannot work in a container (a {@code file://} index of this machine) is left out (a debug log line); one
     * with credentials is refused: leaving it out would send the build to another index (a package of the same
     * name there is not the team's).
     */
    private static Optional<Found> usable(Found found) {
        if (found.source().startsWith("roro.yml")) {
            return Optional.of(found);
        }
        List<String> kept = new ArrayList<>();
        for (String url : words(found.value())) {
            Optional<String> problem = PackageIndexes.problem(url);
            if (problem.isEmpty()) {
                kept.add(url);
            } else if (url.contains("@") && url.matches("(?i)https?://.*")) {
                throw new BuildException("the package index in " + found.source() + ": " + problem.get()
                        + " (this machine's pip setting, which roro passes to the build because the project has a"
                        + " requirements file)");
            } else {
                LOG.fine("the build leaves out the package index in " + found.source() + ": " + problem.get());
            }
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(new Found(String.join(" ", kept), found.source()));
    }

    /** pip's configuration files, lowest priority first (pip's documented order, the virtualenv's left out). */
    static List<Path> configFiles(Map<String, String> env) {
        List<Path> files = new ArrayList<>();
        String xdgDirs = env.getOrDefault("XDG_CONFIG_DIRS", "/etc/xdg");
        for (String dir : xdgDirs.split(":")) {
            if (!dir.isBlank()) {
                files.add(Path.of(dir, "pip", "pip.conf"));
            }
        }
        files.add(Path.of("/etc/pip.conf"));
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            files.add(Path.of(home, ".pip", "pip.conf"));
            files.add(Path.of(env.getOrDefault("XDG_CONFIG_HOME", home + "/.config"), "pip", "pip.conf"));
        }
        String own = env.get("PIP_CONFIG_FILE");
        if (own != null && !own.isBlank() && !own.equals("/dev/null")) {
            files.add(Path.of(own));
        }
        return files;
    }

    /** The install-relevant values of pip.conf files: [install] over [global], a later file over an earlier one. */
    private record PipConfig(Map<String, Found> values) {
        static PipConfig read(List<Path> files) {
            Map<String, Found> values = new HashMap<>();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Map<String, Map<String, String>> sections = IniSections.parse(Files.readAllLines(file));
                    for (String section : List.of("global", "install")) {
                        sections.getOrDefault(section, Map.of()).forEach((key, value) ->
                                values.put(key, new Found(value, file + " [" + section + "] " + key)));
                    }
                } catch (IOException e) {
                    // pip would fail on an unreadable file as well; the build then uses what else is set
                    LOG.log(Level.WARNING, "cannot read pip configuration " + file + ": " + e.getMessage());
                }
            }
            return new PipConfig(values);
        }

        Optional<Found> value(String key) {
            return Optional.ofNullable(values.get(key));
        }
    }
}
