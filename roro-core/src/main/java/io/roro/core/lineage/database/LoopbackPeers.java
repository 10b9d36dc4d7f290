package io.roro.core.lineage.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which local user opened a connection to 127.0.0.1: Linux's table of TCP sockets ({@code /proc/net/tcp} and
 * {@code tcp6}, what identd reads) lists the client's end of the connection with the uid that owns it. The
 * embedded store's server answers only connections of the user it runs as: its port on 127.0.0.1 is reachable by
 * every local user, and mongo-java-server has no authentication. Where there is no such table (not Linux), the
 * owner-only roro home that holds the port file is all there is.
 */
final class LoopbackPeers {
    private static final Logger LOGGER = Logger.getLogger(LoopbackPeers.class.getName());
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final OptionalInt OWN_UID = ownUid();

    private LoopbackPeers() {
    }

    /** Whether the client at {@code client} that connected to {@code server} runs as this process's user. */
    static boolean isOwnUser(SocketAddress client, SocketAddress server) {
        if (OWN_UID.isEmpty()) {
            return true; // no socket table here to ask
        }
        if (!(client instanceof InetSocketAddress from) || !(server instanceof InetSocketAddress to)) {
            return false;
        }
        OptionalInt uid = uidOf(from.getPort(), to.getPort());
        return uid.isPresent() && uid.getAsInt() == OWN_UID.getAsInt();
    }

    /**
     * The uid owning the socket whose local port is {@code clientPort} and remote port {@code serverPort} (the
     * client's end, on loopback), from either table: a Java client's socket is IPv6 with a v4-mapped address.
     */
    static OptionalInt uidOf(int clientPort, int serverPort) {
        String local = String.format(":%04X", clientPort);
        String remote = String.format(":%04X", serverPort);
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] columns = line.strip().split("\\s+");
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid ...
                    if (columns.length > 7 && columns[1].endsWith(local) && columns[2].endsWith(remote)) {
                        return OptionalInt.of(Integer.parseInt(columns[7]));
                    }
                }
            } catch (NoSuchFileException expected) {
                // no IPv6 on this kernel
            } catch (IOException | NumberFormatException e) {
                LOGGER.log(Level.WARNING, "cannot read " + table + " to check who connected to the store", e);
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt ownUid() {
        if (!Files.isReadable(TABLES.get(0))) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.log(Level.WARNING, "cannot tell this process's uid; the store's port is checked by no one", e);
            return OptionalInt.empty();
        }
    }
}
