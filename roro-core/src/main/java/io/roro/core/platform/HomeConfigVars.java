package io.roro.core.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A project's config vars (rorodata's {@code roro config:set}): environment variables every training and service of
 * the project gets, for what does not belong in roro.yml (API keys, database passwords). They are kept per roro home
 * in {@code config/PROJECT.env}, readable by its owner only, never in lineage and never printed (roro shows their
 * names). Docker reads the file itself ({@code --env-file}), a local process gets the values in its environment, so
 * values never appear on a command line. Like
 * rorodata's, a change applies to the trainings and services started after it.
 */
public final class HomeConfigVars implements ConfigVarStore {

    private final Path file;

    private HomeConfigVars(Path file) {
        this.file = file;
    }

    /** @param project a validated project name (roro.yml's), so it is a safe file name */
    public static HomeConfigVars of(Path roroHome, String project) {
        return new HomeConfigVars(roroHome.resolve("config").resolve(project + ".env"));
    }

    /** The vars and their values, by name. */
    public SortedMap<String, String> values() {
        SortedMap<String, String> values = new TreeMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#")) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> names() {
        return List.copyOf(values().keySet());
    }

    @Override
    public List<String> secrets() {
        return List.copyOf(values().values());
    }

    @Override
    public void set(Map<String, String> vars) {
        ConfigVarRules.check(vars);
        SortedMap<String, String> values = values();
        values.putAll(vars);
        write(values);
    }

    @Override
    public List<String> unset(Collection<String> names) {
        SortedMap<String, String> values = values();
        List<String> removed = names.stream().filter(values::containsKey).toList();
        removed.forEach(values::remove);
        if (!removed.isEmpty()) {
            write(values);
        }
        return removed;
    }

    /** The file, in docker's {@code --env-file} format, when it holds any var. */
    public Optional<Path> envFile() {
        return values().isEmpty() ? Optional.empty() : Optional.of(file.toAbsolutePath());
    }

    /** Owner-only from the first byte: the file is made with its permissions, then moved into place. */
    private void write(SortedMap<String, String> values) {
        try {
            Path directory = Files.createDirectories(file.getParent());
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path tmp = Files.createTempFile(directory, ".config-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder("# roro config vars of this project: roro config set/unset\n");
            values.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
