package io.roro.core.lineage.database;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded store shared by every roro process of a user: one process holds the H2 file and serves it on
 * 127.0.0.1 ({@link EmbeddedMongo}, with its port in {@code FILE.port}); the others connect to it. When none runs,
 * a command starts {@link StoreServer} in a session of its own (so Ctrl-C on a command does not end it), which ends
 * once no roro process has used it for a while. So an hour-long training, {@code ps}, {@code versions} and
 * {@code publish} run at once, and their writes are serialised by the one server.
 */
public final class SharedStore {
    private static final Logger LOG = Logger.getLogger(SharedStore.class.getName());

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private SharedStore() {
    }

    static Path portFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".port");
    }

    /** The connection string of the server running for {@code file}, if one answers. */
    static Optional<String> running(Path file) {
        Path portFile = portFile(file);
        try {
            if (!Files.isRegularFile(portFile)) {
                return Optional.empty();
            }
            int port = Integer.parseInt(Files.readString(portFile).strip());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
            return Optional.of("mongodb://127.0.0.1:" + port);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // none, or the port of one that was killed
        }
    }

    /**
     * The connection string of the server for {@code file}: the running one, else one started now. Only one
     * process starts it (a lock file); the others wait for its port.
     */
    public static String connect(Path file) {
        Optional<String> running = running(file);
        if (running.isPresent()) {
            return running.get();
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Path log = file.resolveSibling(file.getFileName() + ".server.log");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".start"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                running = running(file);
                if (running.isPresent()) {
                    return running.get(); // another process started it while this one waited
                }
                Process server = start(file, log);
                while (Instant.now().isBefore(deadline)) {
                    running = running(file);
                    if (running.isPresent()) {
                        return running.get();
                    }
                    if (!server.isAlive() && server.exitValue() != 0) {
                        break; // it could not open the file (its log says why)
                    }
                    Thread.sleep(20);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the lineage store server for " + file + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the lineage store server for " + file + " did not start; its log: " + log
                + tail(log));
    }

    /** The variables by which Jenkins finds the processes a build or a launched process left behind. */
    public static final List<String> JENKINS_COOKIES = List.of("HUDSON_COOKIE", "JENKINS_NODE_COOKIE",
            "JENKINS_SERVER_COOKIE", "HUDSON_SERVER_COOKIE", "BUILD_ID");

    private static Process start(Path file, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // a session of its own: a command's Ctrl-C does not reach it
        }
        // the full JIT, unlike the resident roro's client-only one: the server lives on while commands use it,
        // and its reads are most of a command's lineage time (C1-only, roro ps took ~15 ms longer)
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                StoreServer.class.getName(), file.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Jenkins kills every process that carries the cookie of a step's process when that process ends (its
        // ProcessTreeKiller): the server would go with the step that started it, under the other builds using it
        builder.environment().keySet().removeAll(JENKINS_COOKIES);
        return builder.start();
    }

    /** Writes the port where other processes find it, readable by this user only. */
    static void announce(Path portFile, int port) {
        try {
            Path tmp = Files.createTempFile(portFile.toAbsolutePath().getParent(), ".port-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, port + "\n");
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + portFile + ": " + e.getMessage(), e);
        }
    }

    /** Removes the port file if it still names {@code port} (a newer server may have written its own). */
    static void withdraw(Path portFile, int port) {
        try {
            if (Files.isRegularFile(portFile) && Files.readString(portFile).strip().equals(Integer.toString(port))) {
                Files.deleteIfExists(portFile);
            }
        } catch (IOException e) {
            // a stale port file is ignored by readers: nothing answers on it
            LOG.log(Level.FINE, "cannot remove the stale port file " + portFile, e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
