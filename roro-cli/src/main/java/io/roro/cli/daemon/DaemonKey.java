package io.roro.cli.daemon;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which daemon may run a command: the user's one started by the same roro jar and Java, with the same settings of
 * the JVM itself. Directory and environment are not part of it: each command brings both (see Invocation), so one
 * resident roro serves every project directory and every environment of its user, and a hook over 130 projects
 * or a tool that changes a variable per run reuses it. Only variables that shape the JVM at its start (its
 * options, time zone, locale) make another key, because a running JVM cannot take them from a command.
 *
 * <p>The client computes this on every command, so it is kept cheap to start: no lambdas, no string concatenation
 * by invokedynamic (javac's -XDstringConcat=inline for this module) and FNV-1a instead of a MessageDigest, whose
 * provider loading alone costs more than the rest. The hash only picks one of the user's own sockets.
 */
public record DaemonKey(String hash, Path socket) {
    /** Read by the JVM as it starts (bin/roro passes RORO_JAVA_OPTS to it): a daemon keeps what it started with. */
    static final List<String> JVM_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
            "RORO_JAVA_OPTS", "TZ", "LANG", "LC_ALL", "LC_CTYPE");
    /** Unix socket paths are limited to 107 bytes on Linux. */
    private static final int MAX_SOCKET_PATH = 100;

    /**
     * @param java the Java executable as a resolved path (the launcher's Python client computes the same key
     *             without starting a JVM, so this is the executable, not a system property)
     */
    public static DaemonKey of(Map<String, String> env, Path jar, String java) {
        StringBuilder material = new StringBuilder("roro-daemon-2\n").append(java).append('\n')
                .append(jarIdentity(jar)).append('\n');
        for (String variable : JVM_VARIABLES) {
            String value = env.get(variable);
            if (value != null) {
                material.append(variable).append('=').append(value).append('\0');
            }
        }
        String hash = fnv1a(material.toString(), 0xcbf29ce484222325L) + fnv1a(material.toString(), 0x84222325cbf29ce4L);
        return new DaemonKey(hash, directory(env).resolve(hash + ".sock"));
    }

    /** Where a user's daemons keep their sockets: {@code $RORO_HOME/daemon}, default {@code ~/.roro/daemon}. */
    public static Path directory(Map<String, String> env) {
        String home = env.get("RORO_HOME");
        Path roroHome = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".roro");
        return roroHome.resolve("daemon").toAbsolutePath().normalize();
    }

    /** Whether the socket path is short enough for the operating system. */
    public boolean usable() {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    private static String jarIdentity(Path jar) {
        try {
            // the real path, as the launcher's client computes it: one install reached through a link is one key
            return jar.toRealPath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return jar.toString(); // classes directory in tests
        }
    }

    /** 64-bit FNV-1a from {@code seed}, as 16 hex digits; two seeds give the 128 bits the socket name carries. */
    private static String fnv1a(String text, long seed) {
        long hash = seed;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        String hex = Long.toHexString(hash);
        return "0000000000000000".substring(hex.length()) + hex;
    }

    /** The key of this JVM: its code, Java and start-up settings. */
    public static DaemonKey current() {
        return of(System.getenv(), codeLocation(),
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home")));
    }

    static Path codeLocation() {
        try {
            return Path.of(DaemonKey.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("unknown");
        }
    }
}
