package io.roro.core.platform.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much output the engine keeps of each container roro starts: {@code RORO_CONTAINER_LOGS=SIZE:FILES} (default
 * {@code 10m:3}, rotated), or {@code engine} for the engine's own configuration. Without a bound, json-file (the
 * engine's default) keeps everything: a busy router or a chatty model fills the disk. Only the engine's own file
 * drivers take these options; logs an administrator sends elsewhere (journald, fluentd, ...) are left to that.
 */
record ContainerLogs(Optional<String> maxSize, int maxFiles) {
    static final String VARIABLE = "RORO_CONTAINER_LOGS";
    private static final String DEFAULT = "10m:3";
    private static final Pattern SETTING = Pattern.compile("([1-9][0-9]{0,5}[kmg]):([1-9][0-9]?)");
    /** The engine's drivers that keep logs in files it rotates by max-size and max-file. */
    private static final Set<String> FILE_DRIVERS = Set.of("json-file", "local");

    /** The setting in {@code environment}; a value that is neither SIZE:FILES nor {@code engine} is refused. */
    static ContainerLogs of(Map<String, String> environment) {
        String value = environment.getOrDefault(VARIABLE, DEFAULT).strip().toLowerCase(Locale.ROOT);
        if (value.equals("engine")) {
            return new ContainerLogs(Optional.empty(), 0);
        }
        Matcher m = SETTING.matcher(value);
        if (!m.matches()) {
            throw new DockerException(VARIABLE + "=" + environment.get(VARIABLE) + " is not SIZE:FILES (a size "
                    + "in k, m or g per file and how many files, such as " + DEFAULT + ") or engine");
        }
        return new ContainerLogs(Optional.of(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The {@code docker run} flags for an engine whose default log driver is {@code driver}. */
    List<String> flags(String driver) {
        if (maxSize.isEmpty() || !FILE_DRIVERS.contains(driver)) {
            return List.of();
        }
        return List.of("--log-opt", "max-size=" + maxSize.get(), "--log-opt", "max-file=" + maxFiles);
    }

    /** {@code args} with {@code flags} after {@code run}, when they run a container (else as they are). */
    static List<String> into(List<String> args, List<String> flags) {
        if (flags.isEmpty() || args.isEmpty() || !args.get(0).equals("run") || args.contains("--log-opt")) {
            return args;
        }
        List<String> limited = new ArrayList<>(args.size() + flags.size());
        limited.add("run");
        limited.addAll(flags);
        limited.addAll(args.subList(1, args.size()));
        return limited;
    }
}
