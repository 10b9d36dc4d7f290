package io.roro.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.RoroCommand;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resident roro: which daemon a command may use, what the client sees, and how a daemon ends. */
class DaemonTest {
    private static final Path EXAMPLE = Path.of("../examples/credit-risk").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private DaemonKey key(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("RORO_HOME", home.toString(), "PATH", "/usr/bin"));
        env.putAll(extra);
        return DaemonKey.of(env, Path.of("roro.jar"), "17");
    }

    private record Answer(int exitCode, String out, String err) {
    }

    private static Answer call(DaemonKey key, String... args) {
        return call(key, Path.of("").toAbsolutePath(), System.getenv(), args);
    }

    /** A command typed in {@code cwd} with {@code env}. */
    private static Answer call(DaemonKey key, Path cwd, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DaemonClient.run(key, DaemonProtocol.RUN, cwd.toString(), env, List.of(args), out, err);
        return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A daemon on a thread of this JVM; the future completes with serve()'s result when it ends. */
    private static CompletableFuture<Boolean> start(DaemonServer server) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
            try {
                return server.serve(ready::countDown);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ready.await(10, TimeUnit.SECONDS);
        return ended;
    }

    @Test
    void oneDaemonPerInstallWhateverTheDirectoryAndEnvironment() {
        DaemonKey base = key(Map.of("DOCKER_HOST", "unix:///var/run/docker.sock"));
        assertThat(key(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375", "RORO_MONGO_URI", "mongodb://db/x",
                "HYPERFINE_ITERATION", "7", "_", "/usr/bin/roro"))).as("these come with each command").isEqualTo(base);
        assertThat(key(Map.of("RORO_JAVA_OPTS", "-Xmx2g")).hash()).as("a JVM keeps its start-up options")
                .isNotEqualTo(base.hash());
        assertThat(key(Map.of("TZ", "Asia/Tokyo")).hash()).as("and its time zone").isNotEqualTo(base.hash());
        Map<String, String> env = Map.of("RORO_HOME", home.toString());
        assertThat(DaemonKey.of(env, Path.of("other.jar"), "17").hash()).as("another install")
                .isNotEqualTo(DaemonKey.of(env, Path.of("roro.jar"), "17").hash());
        assertThat(base.socket().getParent()).isEqualTo(home.resolve("daemon"));
    }

    @Test
    void eachCommandRunsInItsOwnDirectoryWithItsOwnEnvironment() throws Exception {
        DaemonKey key = key(Map.of());
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5),
                new DaemonCommand.Run(RoroCommand::commandLine)::execute);
        CompletableFuture<Boolean> ended = start(server);
        Path one = copyExample(home.resolve("one"));
        Path two = copyExample(home.resolve("two"));
        Files.writeString(two.resolve("roro.yml"), Files.readString(two.resolve("roro.yml")) + "\nbogus: 1\n");
        Files.createDirectories(one.resolve("out"));
        Files.writeString(one.resolve("out/model.pkl"), "weights");
        Map<String, String> envOne = new HashMap<>(System.getenv());
        envOne.keySet().removeIf(name -> name.startsWith("RORO_"));
        envOne.put("RORO_HOME", "home"); // relative: the command's directory, not the daemon's
        Map<String, String> envTwo = new HashMap<>(envOne);
        envTwo.put("RORO_TARGET", "moon");
        try {
            assertThat(call(key, one, envOne, "validate").exitCode()).as("roro.yml of the command's directory")
                    .isZero();
            Answer invalid = call(key, two, envTwo, "validate");
            assertThat(invalid.exitCode()).isEqualTo(2);
            assertThat(invalid.err()).contains(two.resolve("roro.yml").toString()).contains("bogus");

            Answer published = call(key, one, envOne, "publish", "--model", "credit-model", "--path", "out");
            assertThat(published.exitCode()).as(published.err()).isZero();
            assertThat(one.resolve("home")).as("RORO_HOME=home of the command in " + one).isDirectory();
            assertThat(call(key, one, envOne, "versions", "--model", "credit-model").out()).contains("v1");
            Answer otherHome = call(key, two, envOne, "versions", "--model", "credit-model");
            assertThat(otherHome.out() + otherHome.err()).as("another directory's RORO_HOME=home is another store")
                    .doesNotContain("v1");

            Answer moon = call(key, one, envTwo, "serve", "default");
            assertThat(moon.exitCode()).isEqualTo(2);
            assertThat(moon.err()).as("--target from the command's RORO_TARGET").contains("moon");
            assertThat(call(key, one, envOne, "ps").err()).as("and the next command's own again")
                    .doesNotContain("moon");
        } finally {
            server.stop();
        }
        assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
    }

    private static Path copyExample(Path target) throws IOException {
        try (var files = Files.walk(EXAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(EXAMPLE.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
        return target;
    }

    @Test
    void runsRealCommandsAndRelaysTheirOutputAndExitCode() throws Exception {
        DaemonKey key = key(Map.of());
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5), new DaemonCommand.Run(RoroCommand::commandLine)::execute);
        CompletableFuture<Boolean> ended = start(server);
        try {
            Answer valid = call(key, "validate", "--json", EXAMPLE.toString());
            assertThat(valid.exitCode()).as(valid.err()).isZero();
            assertThat(valid.out()).contains("\"valid\" : true");

            Path broken = Files.createDirectories(home.resolve("broken"));
            Files.writeString(broken.resolve("roro.yml"), "project: demo\nservices:\n  - name: API\n    function: a.b\n");
            Answer invalid = call(key, "validate", broken.toString());
            assertThat(invalid.exitCode()).isEqualTo(2);
            assertThat(invalid.err() + invalid.out()).contains("roro.yml:3").contains("not a valid service name");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    key.socket().getParent()))).as("only its user can reach the socket").isEqualTo("rwx------");
        } finally {
            server.stop();
        }
        assertThat(ended.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(key.socket()).doesNotExist();
    }

    @Test
    void whatLibrariesPrintStraightToSystemErrReachesTheClientToo() throws Exception {
        DaemonKey key = key(Map.of());
        PrintStream before = System.err;
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5), (command, out, err) -> {
            System.err.println("progress 50%");
            out.println("done " + command.args());
            return 3;
        });
        CompletableFuture<Boolean> ended = start(server);
        try {
            Answer answer = call(key, "publish", "--model", "m");
            assertThat(answer).isEqualTo(new Answer(3, "done [publish, --model, m]\n", "progress 50%\n"));
        } finally {
            server.stop();
        }
        ended.get(10, TimeUnit.SECONDS);
        assertThat(System.err).as("the daemon's own stderr is back once it ends").isSameAs(before);
    }

    @Test
    void noDaemonOrADeadOnesSocketMeansTheLauncherRunsTheCommandItself() throws Exception {
        DaemonKey key = key(Map.of());
        assertThat(call(key, "ps").exitCode()).isEqualTo(DaemonClient.NO_DAEMON);
        Files.createDirectories(key.socket().getParent());
        try (var dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(key.socket())); // closed without removing its file
        }
        assertThat(key.socket()).exists();
        assertThat(call(key, "ps").exitCode()).isEqualTo(DaemonClient.NO_DAEMON);

        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5), (command, out, err) -> 0);
        start(server);
        try {
            assertThat(call(key, "ps").exitCode()).as("a new daemon takes the stale socket's place").isZero();
        } finally {
            server.stop();
        }
    }

    @Test
    void oneDaemonPerKeyAndStopEndsIt() throws Exception {
        DaemonKey key = key(Map.of());
        DaemonServer first = new DaemonServer(key, Duration.ofMinutes(5), (command, out, err) -> 0);
        CompletableFuture<Boolean> firstEnded = start(first);
        DaemonServer second = new DaemonServer(key, Duration.ofMinutes(5), (command, out, err) -> 0);
        assertThat(second.serve(() -> { })).as("a second daemon for the same key backs off").isFalse();

        assertThat(DaemonClient.run(key, DaemonProtocol.STOP, List.of(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream())).isZero();
        assertThat(firstEnded.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(call(key, "ps").exitCode()).isEqualTo(DaemonClient.NO_DAEMON);
    }

    @Test
    void anIdleDaemonEndsByItself() throws Exception {
        DaemonKey key = key(Map.of());
        CompletableFuture<Boolean> ended = start(new DaemonServer(key, Duration.ofMillis(200),
                (command, out, err) -> 0));
        assertThat(ended.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(key.socket()).doesNotExist();
    }

    @Test
    void aClientThatGoesAwayDoesNotCutTheCommandShort() throws Exception {
        DaemonKey key = key(Map.of());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5), (args, out, err) -> {
            out.println("step 1");
            started.countDown();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return 1;
            }
            out.println("step 2 goes nowhere");
            finished.set(true);
            return 0;
        });
        start(server);
        try {
            var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(key.socket()));
            DaemonProtocol.writeRequest(new DataOutputStream(Channels.newOutputStream(
                    channel)), DaemonProtocol.RUN, "/", Map.of(), List.of("deploy"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            channel.close(); // Ctrl-C on the client
            assertThat(call(key, "ps").exitCode()).as("the next command waits for the deploy, then runs").isZero();
            assertThat(finished).isTrue();
        } finally {
            server.stop();
        }
    }

    @Test
    void clientsAtTheSameTimeEachGetTheirOwnAnswer() throws Exception {
        DaemonKey key = key(Map.of());
        DaemonServer server = new DaemonServer(key, Duration.ofMinutes(5), (command, out, err) -> {
            List<String> args = command.args();
            for (int line = 0; line < 50; line++) {
                out.println(args.get(0) + " line " + line);
                System.err.println(args.get(0) + " note " + line);
            }
            return Integer.parseInt(args.get(0));
        });
        start(server);
        try {
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int client = 1; client <= 6; client++) {
                String id = String.valueOf(client);
                answers.add(CompletableFuture.supplyAsync(() -> call(key, id)));
            }
            for (int client = 1; client <= 6; client++) {
                Answer answer = answers.get(client - 1).get(30, TimeUnit.SECONDS);
                assertThat(answer.exitCode()).isEqualTo(client);
                String expectedOut = IntStream.range(0, 50).mapToObj(n -> n)
                        .map(n -> (answer.exitCode()) + " line " + n + "\n").reduce("", String::concat);
                assertThat(answer.out()).as("no other client's output in between").isEqualTo(expectedOut);
                assertThat(answer.err()).doesNotContain((client % 6 + 1) + " note");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void startingADaemonEndsTheLeastRecentlyUsedOnesBeyondTheMaximum() throws Exception {
        DaemonKey a = key(Map.of("RORO_JAVA_OPTS", "-Da"));
        DaemonKey b = key(Map.of("RORO_JAVA_OPTS", "-Db"));
        DaemonKey c = key(Map.of("RORO_JAVA_OPTS", "-Dc"));
        CompletableFuture<Boolean> aEnded = start(new DaemonServer(a, Duration.ofMinutes(5), (command, out, err) -> 0, 2));
        CompletableFuture<Boolean> bEnded = start(new DaemonServer(b, Duration.ofMinutes(5), (command, out, err) -> 0, 2));
        Thread.sleep(50);
        assertThat(call(a, "ps").exitCode()).isZero(); // a is used after b: b is the least recently used
        Thread.sleep(50);
        CompletableFuture<Boolean> cEnded = start(new DaemonServer(c, Duration.ofMinutes(5), (command, out, err) -> 0, 2));
        try {
            assertThat(bEnded.get(10, TimeUnit.SECONDS)).as("the least recently used one ends").isTrue();
            assertThat(call(b, "ps").exitCode()).isEqualTo(DaemonClient.NO_DAEMON);
            assertThat(call(a, "ps").exitCode()).isZero();
            assertThat(call(c, "ps").exitCode()).isZero();
            assertThat(aEnded).isNotDone();
        } finally {
            DaemonClient.run(a, DaemonProtocol.STOP, List.of(), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
            DaemonClient.run(c, DaemonProtocol.STOP, List.of(), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
            aEnded.get(10, TimeUnit.SECONDS);
            cEnded.get(10, TimeUnit.SECONDS);
        }
    }
}
