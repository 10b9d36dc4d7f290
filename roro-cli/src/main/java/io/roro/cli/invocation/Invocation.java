package io.roro.cli.invocation;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a command was typed and with which environment: the directory relative paths mean, and the variables it
 * reads (RORO_HOME, DOCKER_HOST, RORO_TARGET, KUBECONFIG, ...). A JVM of its own takes both from its process; the
 * resident roro serves commands from any directory and environment and gets both with each command, so commands
 * read them here and never from {@link System#getenv()} or {@code user.dir}.
 *
 * <p>The current one is a static because picocli makes the commands by reflection and a resident roro runs one
 * command at a time (DaemonServer serves its clients in turn).
 */
public record Invocation(Path workingDirectory, Map<String, String> environment) {
    /** Variables naming files: made absolute against the directory, as the typed command would have read them. */
    private static final List<String> PATH_VARIABLES = List.of("RORO_HOME", "RORO_MONGO_PASSWORD_FILE",
            "DOCKER_CONFIG", "DOCKER_CERT_PATH");

    private static volatile Invocation current = ofThisProcess();

    public Invocation {
        workingDirectory = workingDirectory.toAbsolutePath().normalize();
        Map<String, String> resolved = new HashMap<>(environment);
        for (String name : PATH_VARIABLES) {
            String value = resolved.get(name);
            if (value != null && !value.isBlank()) {
                resolved.put(name, workingDirectory.resolve(value).normalize().toString());
            }
        }
        String kubeconfig = resolved.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            StringBuilder files = new StringBuilder();
            for (String file : kubeconfig.split(":")) {
                if (!file.isEmpty()) {
                    files.append(files.isEmpty() ? "" : ":").append(workingDirectory.resolve(file).normalize());
                }
            }
            resolved.put("KUBECONFIG", files.toString());
        }
        environment = Map.copyOf(resolved);
    }

    /** This process's own directory and environment. */
    public static Invocation ofThisProcess() {
        return new Invocation(Path.of(System.getProperty("user.dir")), System.getenv());
    }

    public static Invocation current() {
        return current;
    }

    /** Makes {@code invocation} the current one until the returned scope is closed. */
    public static Scope use(Invocation invocation) {
        Invocation before = current;
        current = invocation;
        return () -> current = before;
    }

    /** A path as the command's user meant it: relative ones from their directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    /** Ends the use of an invocation. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
