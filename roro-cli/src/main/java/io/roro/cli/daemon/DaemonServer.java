package io.roro.cli.daemon;

import io.roro.core.secrets.Secrets;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A resident roro for one key (its user's install, see DaemonKey): commands from any directory and environment
 * run in a JVM that is already started and warm, one at a time, with their output streamed back to the client. It listens on a Unix socket only its user
 * can open, and ends after {@code idle} without commands.
 */
public final class DaemonServer {
    private static final Logger LOG = Logger.getLogger(DaemonServer.class.getName());

    /** Runs one command line; what it writes to {@code out} and {@code err} reaches the client as it is written. */
    public interface CommandRunner {
        /** @param command where it was typed, with which environment, and its arguments */
        int run(DaemonProtocol.Request command, PrintStream out, PrintStream err);
    }

    private final DaemonKey key;
    private final Duration idle;
    private final CommandRunner runner;
    private volatile ServerSocketChannel server;
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean busy;
    /** The daemon's System.out/err while it serves: the running command's client, else nowhere (see serve). */
    private final Relay stdout = new Relay();
    private final Relay stderr = new Relay();

    private final int maxDaemons;

    /** At most {@code RORO_DAEMON_MAX} (3) daemons per user: starting one ends the least recently used. */
    public DaemonServer(DaemonKey key, Duration idle, CommandRunner runner) {
        this(key, idle, runner, Integer.parseInt(System.getenv().getOrDefault("RORO_DAEMON_MAX", "3")));
    }

    public DaemonServer(DaemonKey key, Duration idle, CommandRunner runner, int maxDaemons) {
        this.key = key;
        this.idle = idle;
        this.runner = runner;
        this.maxDaemons = Math.max(1, maxDaemons);
    }

    /**
     * Serves until idle or stopped. Returns false at once when another daemon already serves this key.
     *
     * @param ready called once the socket accepts connections (e.g. to warm up while clients queue)
     */
    public boolean serve(Runnable ready) throws IOException {
        Path directory = key.socket().getParent();
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        Path lockFile = directory.resolve(key.hash() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel)) {
            if (lock == null) {
                return false;
            }
            Files.deleteIfExists(key.socket()); // left by a daemon that was killed
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(key.socket()));
            // the others are asked to end in the background: one busy with a long command ends after it
            Thread roster = new Thread(() -> DaemonRoster.makeRoom(key.socket(), maxDaemons), "roro-daemon-roster");
            roster.setDaemon(true);
            roster.start();
            ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "roro-daemon-idle");
                t.setDaemon(true);
                return t;
            });
            watchdog.scheduleWithFixedDelay(() -> {
                if (!busy && System.nanoTime() - lastUsed > idle.toNanos()) {
                    stop();
                }
            }, 1, 1, TimeUnit.SECONDS);
            // whatever holds on to System.out/err (a library, writers made ahead for the next command) writes to
            // the client of the command running at that moment
            PrintStream savedOut = System.out;
            PrintStream savedErr = System.err;
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            try {
                ready.run();
                while (true) {
                    SocketChannel client;
                    try {
                        client = server.accept();
                    } catch (ClosedChannelException e) {
                        return true;
                    }
                    handle(client);
                }
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
                watchdog.shutdownNow();
                stop();
                Files.deleteIfExists(key.socket());
                // still holding the lock: a daemon starting now locks a new file, never one about to vanish
                Files.deleteIfExists(lockFile);
            }
        }
    }

    /** The key's lock, or null when another daemon (another process, or this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    public void stop() {
        ServerSocketChannel s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException expected) {
                // closing is all that is wanted
            }
        }
    }

    private void handle(SocketChannel client) {
        busy = true;
        try (client) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(client)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(client)));
            DaemonProtocol.Request request = DaemonProtocol.readRequest(in);
            int exitCode = 0;
            if (request.kind() == DaemonProtocol.STOP) {
                stop();
            } else {
                PrintStream commandOut = new PrintStream(new DaemonProtocol.FrameStream(out, DaemonProtocol.OUT),
                        true, StandardCharsets.UTF_8);
                PrintStream commandErr = new PrintStream(new DaemonProtocol.FrameStream(out, DaemonProtocol.ERR),
                        true, StandardCharsets.UTF_8);
                stdout.target = commandOut;
                stderr.target = commandErr;
                try {
                    exitCode = runner.run(request, commandOut, commandErr);
                } catch (RuntimeException | Error e) {
                    commandErr.println("roro: " + Secrets.maskPassword(String.valueOf(e)));
                    exitCode = 1;
                }
                commandOut.flush();
                commandErr.flush();
            }
            synchronized (out) {
                out.writeByte(DaemonProtocol.EXIT);
                out.writeInt(exitCode);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away; the command (if any) has run to its end
            LOG.log(Level.FINE, "a client went away", e);
        } finally {
            stdout.target = OutputStream.nullOutputStream();
            stderr.target = OutputStream.nullOutputStream();
            lastUsed = System.nanoTime();
            DaemonRoster.used(key.socket());
            busy = false;
        }
    }

    /** An output stream that writes to whichever stream is its target now. */
    private static final class Relay extends OutputStream {
        volatile OutputStream target = nullOutputStream();

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
