package io.roro.cli.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Keeps a user's resident roro processes few: a key (directory and environment) gets a daemon only the second time
 * it is seen, so a hook validating 130 projects or a benchmark changing a variable per run starts none; and a
 * daemon that starts asks the least recently used ones to end while more than the maximum run. A socket's
 * modification time is when its daemon last finished a command.
 */
final class DaemonRoster {
    private static final Logger LOG = Logger.getLogger(DaemonRoster.class.getName());

    private static final Duration FORGET_SIGHTINGS = Duration.ofDays(1);

    private DaemonRoster() {
    }

    /**
     * For a command that found no daemon: {@link DaemonClient#START_DAEMON} when its key was seen before, else
     * {@link DaemonClient#NO_DAEMON} after noting this sighting.
     */
    static int sighted(Path socket) {
        Path marker = marker(socket);
        if (Files.exists(marker)) {
            return DaemonClient.START_DAEMON;
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "");
        } catch (IOException e) {
            // without a note the key just never gets a daemon
            LOG.log(Level.FINE, "cannot note the daemon key", e);
        }
        return DaemonClient.NO_DAEMON;
    }

    static Path marker(Path socket) {
        String name = socket.getFileName().toString();
        return socket.resolveSibling(name.substring(0, name.length() - ".sock".length()) + ".seen");
    }

    /** Marks a daemon used now. */
    static void used(Path socket) {
        try {
            Files.setLastModifiedTime(socket, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // then it simply counts as less recently used
            LOG.log(Level.FINE, "cannot touch " + socket, e);
        }
    }

    /** Asks the least recently used other daemons to end until at most {@code max} run, this one included. */
    static void makeRoom(Path own, int max) {
        Path directory = own.getParent();
        used(own);
        List<Path> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".sock") && !p.equals(own)) {
                    others.add(p);
                } else if (name.endsWith(".seen") && old(p)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            return;
        }
        others.sort(Comparator.comparing(DaemonRoster::lastUsed));
        for (int i = 0; i < others.size() + 1 - max; i++) {
            Path socket = others.get(i);
            String hash = socket.getFileName().toString().replace(".sock", "");
            int answer = DaemonClient.run(new DaemonKey(hash, socket), DaemonProtocol.STOP, List.of(),
                    OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            if (answer == DaemonClient.NO_DAEMON) {
                try {
                    Files.deleteIfExists(socket); // a daemon that was killed
                } catch (IOException e) {
                    // left for the next one
                    LOG.log(Level.FINE, "cannot remove the dead daemon's socket " + socket, e);
                }
            }
        }
    }

    private static FileTime lastUsed(Path socket) {
        try {
            return Files.getLastModifiedTime(socket);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static boolean old(Path file) {
        return lastUsed(file).toInstant().isBefore(Instant.now().minus(FORGET_SIGHTINGS));
    }
}
