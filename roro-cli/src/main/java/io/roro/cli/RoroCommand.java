package io.roro.cli;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import io.roro.cli.daemon.DaemonCommand;
import io.roro.cli.invocation.Invocation;
import io.roro.core.RoroVersion;
import io.roro.core.secrets.Secrets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code roro}: the same operations as the Jenkins steps, on a laptop or in any shell. */
@Command(name = "roro", mixinStandardHelpOptions = true, versionProvider = RoroCommand.Version.class,
        description = "Build, train, publish and serve the project described by roro.yml.")
public final class RoroCommand {
    /** Exit code for a roro.yml or argument the user must fix. */
    public static final int INVALID = 2;

    /** More of roro's log on stderr, on any command ({@code roro deploy --verbose}); RORO_LOG sets it too. */
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Say more of what roro does: its log at level fine on stderr (as RORO_LOG=fine).")
    void verbose(boolean on) {
        if (on) {
            CliLogging.verbose();
        }
    }

    /** Every command, in the order {@code roro --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(InitCommand.class, ValidateCommand.class, DeployCommand.class,
            TrainCommand.class, ReproduceCommand.class, ServeCommand.class, RunCommand.class, NotebookCommand.class,
            PsCommand.class, LogsCommand.class, StopCommand.class, RollbackCommand.class, QuarantineCommand.class,
            PromoteCommand.class, TrafficCommand.class, UiCommand.class, BuildContextCommand.class,
            ScheduleCommand.class, ConfigCommand.class, PublishCommand.class, ModelsCommand.class,
            VersionsCommand.class, DatasetsCommand.class, LineageCommand.class, TimelineCommand.class,
            K8sCommand.class, PythonPackageCommand.class, VersionCommand.class, GcCommand.class,
            WarmUpCommand.class, DaemonCommand.class, CommandLine.HelpCommand.class);

    /** The command line with every command (help, the resident roro, tests). */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    /**
     * The command line {@code args} need: only the command they name, else (no command, help, a name that is no
     * command) all of them. A JVM of its own per command (Jenkins steps, CI) loaded ~2,000 classes and read every
     * command's annotations to run one of them.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                Command named = command.getAnnotation(Command.class);
                if (command != CommandLine.HelpCommand.class && (named.name().equals(args[0])
                        || List.of(named.aliases()).contains(args[0]))) {
                    return commandLine(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> commands) {
        CliLogging.configure(Invocation.current().environment());
        CommandLine commandLine = new CommandLine(new RoroCommand(), new Factory());
        // before any setting below: a setting reaches the subcommands there are when it is made
        commands.forEach(commandLine::addSubcommand);
        // paths and environment defaults as the command's user meant them (the resident roro's own are not)
        commandLine.registerConverter(Path.class, value -> Invocation.current().resolve(value));
        commandLine.setDefaultValueProvider(new EnvironmentDefaults());
        UserFacing.apply(commandLine);
        commandLine.setUsageHelpAutoWidth(true); // examples and option lists as wide as the terminal
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // user-facing failures (bad reference, refused publish, store in use) print one line, no trace
            cmd.getErr().println("roro: " + Secrets.maskPassword(message(e)));
            if (Invocation.current().environment().get("RORO_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof IllegalArgumentException ? INVALID : 1;
        });
        return commandLine;
    }

    /** What failed, in words: a store's refusal as the store said it, without the driver's wrapping and dump. */
    private static String message(Exception e) {
        if (e instanceof MongoCommandException command) {
            return command.getErrorMessage();
        }
        if (e instanceof MongoWriteException write) {
            return write.getError().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    /** Makes the commands; the resident roro's gets the way to make this command line again. */
    private static final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DaemonCommand.Run.class) {
                return type.cast(new DaemonCommand.Run(RoroCommand::commandLine));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"roro " + RoroVersion.get()};
        }
    }
}
