package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.PlatformSetting;
import io.roro.core.platform.PlatformSetting.Scope;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A target's settings reach the command line from its provider alone: a made-up target (Nomad) declares a region
 * for every command and a datacenter for commands that build; the options appear on the right commands, in a help
 * section of that target, take their defaults from the declared variables, and arrive as the platform's settings
 * under their names. The command line names no target's settings itself.
 */
class ProviderOptionsTest {
    /** A third target, known to nothing but this test. */
    static final class Nomad implements PlatformProvider {
        @Override
        public String name() {
            return "nomad";
        }

        @Override
        public String description() {
            return "a Nomad cluster";
        }

        @Override
        public List<PlatformSetting> settings() {
            return List.of(PlatformSetting.of("region", "--nomad-region", "REGION", Optional.of("NOMAD_REGION"),
                    "Nomad region.", Scope.EVERY), PlatformSetting.of("datacenter", "--nomad-datacenter", "DC",
                    Optional.empty(), "Where jobs run.", Scope.BUILDS));
        }

        @Override
        public Platform open(PlatformContext context) {
            throw new UnsupportedOperationException("not needed here");
        }
    }

    @Command(name = "status")
    static final class Status implements Runnable {
        @Mixin
        TargetOptions target;

        @Override
        public void run() {
        }
    }

    @Command(name = "train")
    static final class Train implements Runnable {
        @Mixin
        BuildOptions build;

        @Override
        public void run() {
        }
    }

    private final Map<String, ProviderOptions.Declared> declared = ProviderOptions.declared(List.of(new Nomad()));

    private CommandLine command(Object command) {
        CommandLine line = new CommandLine(command);
        line.setDefaultValueProvider(new EnvironmentDefaults(declared));
        ProviderOptions.add(line, declared);
        TargetOptionsHelp.apply(line, ProviderOptions.byProvider(declared));
        return line;
    }

    @Test
    void aTargetsSettingsAreOptionsOfTheCommandsOfTheirScope() {
        CommandLine status = command(new Status());
        CommandLine train = command(new Train());
        assertThat(status.getCommandSpec().findOption("--nomad-region")).isNotNull();
        assertThat(status.getCommandSpec().findOption("--nomad-datacenter")).as("builds only").isNull();
        assertThat(train.getCommandSpec().findOption("--nomad-datacenter")).isNotNull();

        String help = train.getUsageMessage(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int section = help.indexOf("For --target nomad (a Nomad cluster):");
        assertThat(section).as(help).isPositive();
        assertThat(help.indexOf("\n      --nomad-datacenter=DC")).isGreaterThan(section);
        assertThat(help.indexOf("\n      --target=")).isPositive().isLessThan(section);
    }

    @Test
    void typedOrFromTheirVariablesTheyArriveAsThePlatformsSettings() {
        try (Invocation.Scope scope = Invocation.use(new Invocation(Path.of("/"),
                Map.of("NOMAD_REGION", "eu-west")))) {
            CommandLine train = command(new Train());
            train.parseArgs("--target", "nomad", "--nomad-datacenter", "dc2");
            assertThat(ProviderOptions.values(train.getCommandSpec(), declared))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("region", "eu-west", "datacenter", "dc2"));
        }
    }
}
