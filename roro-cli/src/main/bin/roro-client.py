"""The roro launcher's fast path: hand a command to this user's resident roro and relay its output.

Started as `python3 -S roro-client.py JAVA JAR ARGS...` by bin/roro, because a Python process starts in ~15 ms
where a JVM needs ~65. It must compute exactly the key io.roro.cli.daemon.DaemonKey computes (DaemonKeyTest runs
both and compares) and speak DaemonProtocol. Exit 222 means "no daemon here": the launcher runs roro itself.
"""
import os
import pwd
import _socket  # the C module: `socket` imports selectors, enum and more (~8 ms)
import struct
import sys

NO_DAEMON = 222
START_DAEMON = 223  # no daemon, but this key was seen before: the launcher starts one (DaemonRoster.sighted)
# read by the JVM as it starts: a daemon keeps the ones it started with (same list as DaemonKey.JVM_VARIABLES)
JVM_VARIABLES = ["JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "RORO_JAVA_OPTS", "TZ", "LANG", "LC_ALL",
                 "LC_CTYPE"]
MAGIC, RUN, OUT, ERR, EXIT = 0x524F5232, 1, 1, 2, 3


def fnv1a(data, seed):
    h = seed
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def key(env, jar, java):
    try:
        st = os.stat(jar)
        # the real path: Java canonicalises class path entries, so an install reached through a link is the same
        jar_identity = "%s %d %d" % (os.path.realpath(jar), st.st_size, st.st_mtime_ns // 1000000)
    except OSError:
        jar_identity = jar
    # the directory and the rest of the environment go with each command: one daemon serves them all
    material = "roro-daemon-2\n%s\n%s\n" % (java, jar_identity)
    material += "".join("%s=%s\0" % (k, env[k]) for k in JVM_VARIABLES if k in env)
    data = material.encode("utf-8", "surrogateescape")
    digest = fnv1a(data, 0xCBF29CE484222325) + fnv1a(data, 0x84222325CBF29CE4)
    home = env.get("RORO_HOME", "").strip() or os.path.join(pwd.getpwuid(os.getuid()).pw_dir, ".roro")
    return os.path.join(os.path.normpath(os.path.abspath(os.path.join(home, "daemon"))), digest + ".sock")


def sighted(path):
    """No daemon for this key: one is started only for a key seen before, so a single command (a one-off roro
    validate) starts none. Same rule as DaemonRoster."""
    marker = path[:-len(".sock")] + ".seen"
    if os.path.exists(marker):
        return START_DAEMON
    try:
        os.makedirs(os.path.dirname(marker), mode=0o700, exist_ok=True)
        open(marker, "w").close()
    except OSError:
        pass
    return NO_DAEMON


def original_environment():
    """The environment this process was started with. Python may add LC_CTYPE to os.environ (PEP 538 locale
    coercion), which the daemon, a JVM started by the same launcher, never sees; /proc has the untouched one."""
    try:
        with open("/proc/self/environ", "rb") as f:
            raw = f.read()
    except OSError:
        return dict(os.environ)
    env = {}
    for entry in raw.split(b"\0"):
        name, sep, value = entry.partition(b"=")
        if sep and name:
            env[name.decode("utf-8", "surrogateescape")] = value.decode("utf-8", "surrogateescape")
    return env


def relay(sock, out, err):
    """Writes what the daemon sends where it belongs and returns the command's exit code. Frames (one per line of
    output) are read in bulk and each read's run of one stream is written at once: reading and writing each frame
    by itself cost more than the command for a 500-line table. Nothing waits for more input before it is written,
    so a followed log shows each line as it comes."""
    buffer = bytearray()
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError
        buffer += chunk
        start, runs, code = 0, [], None
        while len(buffer) - start >= 5:
            kind = buffer[start]
            length = struct.unpack_from(">i", buffer, start + 1)[0]
            if kind == EXIT:
                code = length
                break
            if len(buffer) - start - 5 < length:
                break
            target = out if kind == OUT else err
            payload = bytes(buffer[start + 5:start + 5 + length])
            if runs and runs[-1][0] is target:
                runs[-1][1].append(payload)
            else:
                runs.append((target, [payload]))
            start += 5 + length
        del buffer[:start]
        for target, payloads in runs:
            target.write(b"".join(payloads))
            target.flush()
        if code is not None:
            return code


def main(argv):
    java, jar, args = os.path.realpath(argv[1]), argv[2], argv[3:]
    env = original_environment()
    path = key(env, jar, java)
    if os.environ.get("RORO_CLIENT_PRINT_SOCKET"):
        print(path)
        return 0
    if len(path.encode()) > 100:
        return NO_DAEMON
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        return sighted(path)  # none yet, or a socket left by a daemon that was killed
    def string(text):
        encoded = text.encode("utf-8", "surrogateescape")
        return struct.pack(">i", len(encoded)) + encoded

    parts = [struct.pack(">iB", MAGIC, RUN), string(os.getcwd()), struct.pack(">i", len(env))]
    parts += [string("%s=%s" % variable) for variable in env.items()]
    parts.append(struct.pack(">i", len(args)))
    parts += [string(arg) for arg in args]
    request = b"".join(parts)
    sock.sendall(request)
    out, err = sys.stdout.buffer, sys.stderr.buffer
    try:
        return relay(sock, out, err)
    except BrokenPipeError:
        # our reader went away (roro ... | head): stop like any command whose output pipe closed; the command
        # itself runs on to its end in the daemon
        for stream in (out, err):
            try:
                stream.flush()
            except BrokenPipeError:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return 141
    except (EOFError, OSError):
        err.write(b"roro: the roro daemon ended before the command did (RORO_NO_DAEMON=1 runs without it)\n")
        return 1
    except KeyboardInterrupt:
        return 130  # the command runs on to its end in the daemon


if __name__ == "__main__":
    sys.exit(main(sys.argv))
