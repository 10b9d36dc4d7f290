package io.roro.cli.daemon;

import io.roro.cli.invocation.Invocation;
import io.roro.core.Futures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code roro daemon stop} ends this user's resident roro processes; {@code roro daemon run} is what the launcher
 * starts in the background (see bin/roro).
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, description = {
    "The resident roro that runs deploy, serve, ps and the other quick commands without a JVM start each time.",
    "The launcher starts one per user and install on its second use; it serves commands from any directory and"
            + " environment, and ends after "
            + "RORO_DAEMON_IDLE_SECONDS (default 1200) without commands. RORO_NO_DAEMON=1 turns it off."},
        subcommands = {DaemonCommand.Run.class, DaemonCommand.Stop.class})
public final class DaemonCommand {

    @Command(name = "run", hidden = true, description = "Serve this user's commands.")
    public static final class Run implements Callable<Integer> {
        private final Supplier<CommandLine> commands;
        /** The next command's model, made while the daemon waits: picocli's reflection is ~10 ms per command. */
        private CompletableFuture<CommandLine> next;

        /** @param commands makes the whole {@code roro} command line, once per command served */
        public Run(Supplier<CommandLine> commands) {
            this.commands = commands; // picocli makes one Run per command line: nothing is started here
        }

        @Override
        public Integer call() throws IOException {
            long idleSeconds = Long.parseLong(System.getenv().getOrDefault("RORO_DAEMON_IDLE_SECONDS", "1200"));
            DaemonKey key = DaemonKey.current();
            if (!key.usable()) {
                return 1;
            }
            next = CompletableFuture.supplyAsync(commands, Futures.background());
            DaemonServer server = new DaemonServer(key, Duration.ofSeconds(idleSeconds), this::execute);
            // warm the JIT and load classes while the first clients queue on the socket
            Invocation own = Invocation.current();
            return server.serve(() -> execute(new DaemonProtocol.Request(DaemonProtocol.RUN,
                    own.workingDirectory().toString(), own.environment(), List.of("warm-up")), nullStream(),
                    nullStream())) ? 0 : 1;
        }

        /** Runs one command as if typed in its directory with its environment (not the daemon's own). */
        int execute(DaemonProtocol.Request command, PrintStream out, PrintStream err) {
            CommandLine cli = next != null ? next.join() : commands.get();
            try (Invocation.Scope scope = Invocation.use(new Invocation(Path.of(command.workingDirectory()),
                    command.environment()))) {
                cli.setOut(new PrintWriter(out, true));
                cli.setErr(new PrintWriter(err, true));
                return cli.execute(command.args().toArray(String[]::new));
            } finally {
                next = CompletableFuture.supplyAsync(commands, Futures.background());
            }
        }

        private static PrintStream nullStream() {
            return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every roro daemon of this user.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path directory = DaemonKey.directory(Invocation.current().environment());
            int stopped = 0;
            if (Files.isDirectory(directory)) {
                try (Stream<Path> sockets = Files.list(directory)) {
                    for (Path socket : sockets.filter(p -> p.toString().endsWith(".sock")).toList()) {
                        String hash = socket.getFileName().toString().replace(".sock", "");
                        if (DaemonClient.run(new DaemonKey(hash, socket), DaemonProtocol.STOP, List.of(),
                                OutputStream.nullOutputStream(), OutputStream.nullOutputStream()) == 0) {
                            stopped++;
                        }
                    }
                }
            }
            spec.commandLine().getOut().println("stopped " + stopped + " roro daemon" + (stopped == 1 ? "" : "s"));
            return 0;
        }
    }
}
