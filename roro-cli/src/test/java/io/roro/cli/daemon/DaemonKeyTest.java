package io.roro.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's Python client and the daemon (Java) must name the same socket for the same environment, or every
 * command would start a new daemon. Runs bin/roro-client.py and compares with {@link DaemonKey}; and the client must
 * speak the daemon protocol (output, errors, exit code).
 */
class DaemonKeyTest {
    private static final Path CLIENT = Path.of("src/main/bin/roro-client.py").toAbsolutePath();

    private static final Path THIS_JAVA = Path.of(ProcessHandle.current().info().command().orElseThrow());

    @TempDir
    Path dir;

    /** Without /usr/bin/python3 the launcher uses the Java client, which shares DaemonKey and DaemonProtocol. */
    private static void assumePython() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "no /usr/bin/python3: the launcher uses the Java client there");
    }

    private String pythonSocket(Map<String, String> env, Path cwd, Path jar, String java) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-S", CLIENT.toString(), java, jar.toString(),
                "deploy").directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("RORO_CLIENT_PRINT_SOCKET", "1");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void pythonClientAndJavaDaemonNameTheSameSocket() throws Exception {
        assumePython();
        Path jar = Files.writeString(dir.resolve("roro.jar"), "not really a jar");
        Path project = Files.createDirectories(dir.resolve("project dir é"));
        Path java = THIS_JAVA;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RORO_HOME", dir.resolve("home").toString());
        env.put("DOCKER_HOST", "unix:///var/run/docker.sock");
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C");            // the locale Python would coerce (PEP 538)
        env.put("GREETING", "grüß dich");

        env.put("TZ", "Europe/Zürich");
        env.put("RORO_JAVA_OPTS", "-Xmx1g");

        Map<String, String> daemonEnv = new LinkedHashMap<>(env);
        daemonEnv.put("RORO_CLIENT_PRINT_SOCKET", "1");
        DaemonKey daemon = DaemonKey.of(daemonEnv, jar, java.toRealPath().toString());
        assertThat(pythonSocket(env, project, jar, java.toString())).isEqualTo(daemon.socket().toString());

        env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
        assertThat(pythonSocket(env, dir, jar, java.toString())).as("another directory and environment")
                .isEqualTo(daemon.socket().toString());
        env.put("RORO_JAVA_OPTS", "-Xmx2g");
        assertThat(pythonSocket(env, project, jar, java.toString())).as("another JVM setting")
                .isNotEqualTo(daemon.socket().toString());
    }

    /** Starts {@code server} on a thread of its own and returns once it takes commands. */
    private static void serving(DaemonServer server) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> {
            try {
                server.serve(ready::countDown);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void pythonClientRelaysTheDaemonsOutputAndExitCode() throws Exception {
        assumePython();
        Path jar = Files.writeString(dir.resolve("roro.jar"), "not really a jar");
        Path project = Files.createDirectories(dir.resolve("project"));
        Path javaExe = THIS_JAVA;
        Map<String, String> env = Map.of("RORO_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin",
                "GREETING", "grüß dich");
        ProcessBuilder client = new ProcessBuilder("/usr/bin/python3", "-S", CLIENT.toString(), javaExe.toString(),
                jar.toString(), "deploy", "--json", "ünïcode arg").directory(project.toFile());
        client.environment().clear();
        client.environment().putAll(env);

        Process none = client.start();
        assertThat(none.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(none.exitValue()).as("no daemon yet: the launcher runs roro itself").isEqualTo(DaemonClient.NO_DAEMON);

        DaemonKey key = DaemonKey.of(env, jar, javaExe.toRealPath().toString());
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(1), (command, out, err) -> {
            out.println("args " + command.args());
            out.println("in " + command.workingDirectory() + " with GREETING=" + command.environment().get("GREETING"));
            err.println("a warning");
            out.print("x".repeat(100_000)); // more than one frame
            return 7;
        });
        serving(server);
        try {
            Process run = client.start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(err).isEqualTo(7);
            assertThat(out).startsWith("args [deploy, --json, ünïcode arg]\nin " + project.toRealPath()
                    + " with GREETING=grüß dich\n").endsWith("x".repeat(100_000));
            assertThat(err).isEqualTo("a warning\n");

            // roro deploy --json | head: the reader goes away; the client stops quietly, as commands do
            Process cut = client.start();
            cut.getInputStream().close();
            String cutErr = new String(cut.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(cut.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(cut.exitValue()).isEqualTo(141);
            assertThat(cutErr).doesNotContain("daemon ended");
        } finally {
            server.stop();
        }
    }

    @Test
    void pythonClientShowsEachLineAsItComes() throws Exception {
        assumePython();
        Path jar = Files.writeString(dir.resolve("roro.jar"), "not really a jar");
        Map<String, String> env = Map.of("RORO_HOME", dir.resolve("home").toString(), "PATH", "/usr/bin:/bin");
        CountDownLatch seen = new CountDownLatch(1);
        DaemonServer server = new DaemonServer(DaemonKey.of(env, jar, THIS_JAVA.toRealPath().toString()),
                Duration.ofMinutes(1), (command, out, err) -> {
                    out.println("first line");
                    err.println("a note");
                    try {
                        // a followed log: nothing more comes until the user has seen this line
                        return seen.await(20, TimeUnit.SECONDS) ? 0 : 9;
                    } catch (InterruptedException e) {
                        return 8;
                    }
                });
        serving(server);
        try {
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-S", CLIENT.toString(),
                    THIS_JAVA.toString(), jar.toString(), "logs", "-f").directory(dir.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process run = builder.start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(
                    run.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("first line");
            assertThat(new BufferedReader(new InputStreamReader(run.getErrorStream(),
                    StandardCharsets.UTF_8)).readLine()).isEqualTo("a note");
            seen.countDown();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as("the line came before the command went on").isZero();
        } finally {
            server.stop();
        }
    }

    @Test
    void anInstallReachedThroughALinkFindsItsOwnDaemon() throws Exception {
        assumePython();
        Path install = Files.createDirectories(dir.resolve("install/lib"));
        Path jar = Files.writeString(install.resolve("roro.jar"), "not really a jar");
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), dir.resolve("install"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Map<String, String> env = new LinkedHashMap<>(Map.of("RORO_HOME", dir.resolve("home").toString(),
                "PATH", "/usr/bin:/bin"));
        Map<String, String> daemonEnv = new LinkedHashMap<>(env);
        daemonEnv.put("RORO_CLIENT_PRINT_SOCKET", "1");
        // the daemon sees its jar as Java's class path has it: canonical
        DaemonKey daemon = DaemonKey.of(daemonEnv, jar, THIS_JAVA.toRealPath().toString());
        assertThat(pythonSocket(env, project, linked.resolve("lib/roro.jar"), THIS_JAVA.toString()))
                .isEqualTo(daemon.socket().toString());
        assertThat(DaemonKey.of(daemonEnv, linked.resolve("lib/roro.jar"), THIS_JAVA.toRealPath().toString())
                .socket()).isEqualTo(daemon.socket());
    }

    @Test
    void aKeyGetsADaemonOnlyTheSecondTimeItIsSeen() throws Exception {
        assumePython();
        Path jar = Files.writeString(dir.resolve("roro.jar"), "not really a jar");
        Map<String, String> env = new LinkedHashMap<>(Map.of("RORO_HOME", dir.resolve("home").toString(),
                "PATH", "/usr/bin:/bin"));
        Path one = Files.createDirectories(dir.resolve("one"));
        assertThat(clientExit(env, one, jar)).as("first sighting").isEqualTo(DaemonClient.NO_DAEMON);
        assertThat(clientExit(env, Files.createDirectories(dir.resolve("two")), jar))
                .as("seen before, from any directory").isEqualTo(DaemonClient.START_DAEMON);
        // the Java client keeps the same notes
        DaemonKey other = DaemonKey.of(Map.of("RORO_HOME", dir.resolve("home").toString()), jar, "17");
        assertThat(DaemonRoster.sighted(other.socket())).isEqualTo(DaemonClient.NO_DAEMON);
        assertThat(DaemonRoster.sighted(other.socket())).isEqualTo(DaemonClient.START_DAEMON);
    }

    private int clientExit(Map<String, String> env, Path cwd, Path jar) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-S", CLIENT.toString(), THIS_JAVA.toString(),
                jar.toString(), "ps").directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
