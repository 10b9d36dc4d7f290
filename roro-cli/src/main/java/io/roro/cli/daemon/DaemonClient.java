package io.roro.cli.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code roro} launcher's first try: hand the command to this key's daemon and relay its output and exit code.
 * Exits {@link #NO_DAEMON} when there is none, and the launcher runs the command in a JVM of its own. Kept to
 * java.base so that it starts in a few tens of milliseconds.
 */
public final class DaemonClient {
    /** "No daemon for this install": the launcher's cue to run the command itself. */
    public static final int NO_DAEMON = 222;
    /** No daemon, and this key was seen before: the launcher runs the command and starts a daemon for the key. */
    public static final int START_DAEMON = 223;

    private DaemonClient() {
    }

    public static void main(String[] args) {
        DaemonKey key = DaemonKey.current();
        int code = run(key, DaemonProtocol.RUN, System.getProperty("user.dir"), System.getenv(), List.of(args),
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err));
        System.exit(code == NO_DAEMON ? DaemonRoster.sighted(key.socket()) : code);
    }

    static int run(DaemonKey key, byte kind, List<String> args, OutputStream out, OutputStream err) {
        return run(key, kind, System.getProperty("user.dir"), System.getenv(), args, out, err);
    }

    /** Runs {@code args} as typed in {@code workingDirectory} with {@code env}, relaying output and exit code. */
    static int run(DaemonKey key, byte kind, String workingDirectory, Map<String, String> env, List<String> args,
            OutputStream out, OutputStream err) {
        if (!key.usable()) {
            return NO_DAEMON;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(key.socket()));
        } catch (IOException e) {
            return NO_DAEMON; // none yet, or a socket left by a daemon that was killed
        }
        try (channel) {
            DaemonProtocol.writeRequest(new DataOutputStream(new BufferedOutputStream(
                    Channels.newOutputStream(channel))), kind, workingDirectory, env, args);
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                byte type = in.readByte();
                if (type == DaemonProtocol.EXIT) {
                    return in.readInt();
                }
                OutputStream target = type == DaemonProtocol.OUT ? out : err;
                target.write(DaemonProtocol.readBytes(in));
                target.flush();
            }
        } catch (EOFException e) {
            return failed(err, "the roro daemon ended before the command did (see RORO_NO_DAEMON=1 to run without it)");
        } catch (IOException e) {
            return failed(err, "lost the roro daemon: " + e.getMessage());
        }
    }

    private static int failed(OutputStream err, String message) {
        try {
            err.write(("roro: " + message + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // nowhere left to report to
        }
        return 1;
    }
}
