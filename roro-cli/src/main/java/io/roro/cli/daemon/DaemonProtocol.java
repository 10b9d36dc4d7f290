package io.roro.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few bytes between the {@code roro} client and a daemon, over a Unix socket. Request: magic, kind, the
 * client's working directory, its environment (count, then NAME=VALUE strings), the arguments. Answer: frames of standard output and standard error as the command writes them, then its exit code.
 */
final class DaemonProtocol {
    static final int MAGIC = 0x524f5232; // "ROR2": a request with directory and environment
    static final byte RUN = 1;
    static final byte STOP = 2;
    static final byte OUT = 1;
    static final byte ERR = 2;
    static final byte EXIT = 3;
    private static final int MAX_ARGS = 10_000;
    private static final int MAX_VARIABLES = 100_000;
    private static final int MAX_FRAME = 1 << 20;

    private DaemonProtocol() {
    }

    static void writeRequest(DataOutputStream out, byte kind, String workingDirectory, Map<String, String> env,
            List<String> args) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(kind);
        writeString(out, workingDirectory);
        out.writeInt(env.size());
        for (Map.Entry<String, String> variable : env.entrySet()) {
            writeString(out, variable.getKey() + "=" + variable.getValue());
        }
        out.writeInt(args.size());
        for (String arg : args) {
            writeString(out, arg);
        }
        out.flush();
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A command as the client typed it: where, with which environment, and its arguments. */
    record Request(byte kind, String workingDirectory, Map<String, String> environment, List<String> args) {
    }

    static Request readRequest(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a roro client");
        }
        byte kind = in.readByte();
        String workingDirectory = readString(in);
        int variables = in.readInt();
        if (variables < 0 || variables > MAX_VARIABLES) {
            throw new IOException("bad environment size " + variables);
        }
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < variables; i++) {
            String variable = readString(in);
            int equals = variable.indexOf('=');
            if (equals > 0) {
                env.put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        int count = in.readInt();
        if (count < 0 || count > MAX_ARGS) {
            throw new IOException("bad argument count " + count);
        }
        List<String> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            args.add(readString(in));
        }
        return new Request(kind, workingDirectory, env, args);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        return in.readNBytes(length);
    }

    /**
     * One of the command's output streams as frames. Writes from any thread are framed whole; once the client is
     * gone, output is dropped and the command runs on to its end (a deploy is not left half done).
     */
    static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private volatile boolean clientGone;

        FrameStream(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (clientGone || length == 0) {
                return;
            }
            synchronized (out) {
                try {
                    for (int done = 0; done < length; done += MAX_FRAME) {
                        int part = Math.min(MAX_FRAME, length - done);
                        out.writeByte(type);
                        out.writeInt(part);
                        out.write(bytes, offset + done, part);
                    }
                    out.flush();
                } catch (IOException e) {
                    clientGone = true;
                }
            }
        }
    }
}
