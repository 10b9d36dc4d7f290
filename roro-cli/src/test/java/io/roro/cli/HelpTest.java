package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * What `roro --help` and every subcommand's help show a new user: a summary that is one complete sentence (the
 * command list shows only it), a description for every option and argument, an example, and no -V/--version
 * (version information is `roro --version`; `serve --version` is a model version).
 */
class HelpTest {
    private static void walk(CommandLine command, List<CommandLine> all) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        all.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, all));
    }

    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        walk(RoroCommand.commandLine(), all);
        all.removeIf(c -> c.getCommandName().equals("help"));
        return all;
    }

    @Test
    void everySummaryIsOneCompleteSentence() {
        List<String> bad = new ArrayList<>();
        for (CommandLine command : commands()) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String summary = description.length == 0 ? "" : description[0].trim();
            if (!summary.matches("[A-Z`].*[.]") || summary.substring(0, summary.length() - 1).contains(". ")) {
                bad.add(command.getCommandSpec().qualifiedName() + ": \"" + summary + "\"");
            }
        }
        assertThat(bad).as("summaries that are not one sentence ending in a full stop").isEmpty();
    }

    @Test
    void everyOptionAndArgumentIsDescribed() {
        List<String> bad = new ArrayList<>();
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            List<ArgSpec> arguments = new ArrayList<>(spec.options());
            arguments.addAll(spec.positionalParameters());
            for (ArgSpec argument : arguments) {
                if (argument.hidden()) {
                    continue;
                }
                String text = String.join(" ", argument.description()).trim();
                if (text.isEmpty()) {
                    bad.add(spec.qualifiedName() + " " + (argument instanceof OptionSpec o ? o.longestName()
                            : argument.paramLabel()));
                }
            }
        }
        assertThat(bad).as("options and arguments without a description").isEmpty();
    }

    @Test
    void everyCommandHasAnExampleAndNoVersionOptionButTheTopOne() {
        List<String> noExample = new ArrayList<>();
        List<String> versionOption = new ArrayList<>();
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            if (!spec.subcommands().isEmpty() && spec.parent() == null) {
                continue; // roro itself: its command list is the example
            }
            String footer = spec.usageMessage().footerHeading() + String.join("\n", spec.usageMessage().footer());
            if (!footer.contains("Example") || !footer.contains(spec.qualifiedName() + " ")) {
                noExample.add(spec.qualifiedName());
            }
            OptionSpec version = spec.findOption("-V");
            if (version != null) {
                versionOption.add(spec.qualifiedName());
            }
        }
        assertThat(noExample).as("commands whose help has no example").isEmpty();
        assertThat(versionOption).as("subcommands with -V").isEmpty();
        assertThat(RoroCommand.commandLine().getCommandSpec().findOption("--version").versionHelp()).isTrue();
    }

    @Test
    void onlyCommandsThatBuildOrStartContainersTakeBuildOptions() {
        CommandLine roro = RoroCommand.commandLine();
        for (String[] path : new String[][] {{"logs"}, {"stop"}, {"train", "status"}, {"train", "logs"},
                {"train", "cancel"}, {"config"}}) {
            CommandLine command = roro;
            for (String name : path) {
                command = command.getSubcommands().get(name);
            }
            assertThat(command.getCommandSpec().findOption("--registry")).as(String.join(" ", path)).isNull();
            assertThat(command.getCommandSpec().findOption("--target")).as(String.join(" ", path)).isNotNull();
        }
        assertThat(roro.getSubcommands().get("deploy").getCommandSpec().findOption("--registry")).isNotNull();
    }

    @Test
    void aBadOptionValueSaysWhatWouldBeValidWithoutAJavaTypeOrTheUsage() {
        CliRun at = CliRun.of("timeline", "default", "--at", "yesterday");
        assertThat(at.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(at.err()).contains("--at").contains("yesterday").contains("2026-")
                .doesNotContain("java.").doesNotContain("Usage:");
        CliRun filter = CliRun.of("versions", "--model", "m", "--filter", "{not json");
        assertThat(filter.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(filter.err()).contains("--filter").doesNotContain("Usage:").doesNotContain("java.");
        assertThat(filter.err().lines().count()).as(filter.err()).isLessThanOrEqualTo(3);
    }

    /**
     * A command run on its own (roro builds only the command named, for a JVM per command) is the same command:
     * its help, options and defaults as in the whole command line; help, no command and a misspelt one get all.
     */
    @Test
    void aCommandBuiltAloneIsTheSameCommand() {
        for (CommandLine command : RoroCommand.commandLine().getSubcommands().values().stream().distinct()
                .filter(c -> !c.getCommandName().equals("help") && !c.getCommandSpec().usageMessage().hidden())
                .toList()) {
            String name = command.getCommandName();
            CommandLine alone = RoroCommand.commandLine(new String[] {name, "--help"});
            assertThat(alone.getSubcommands().keySet()).as(name).contains(name).doesNotContain("help");
            assertThat(usage(alone, name)).as(name).isEqualTo(usage(RoroCommand.commandLine(), name));
        }
        assertThat(RoroCommand.commandLine(new String[] {"dataset"}).getSubcommands()).containsKey("datasets");
        for (String[] args : List.of(new String[0], new String[] {"help", "ps"}, new String[] {"deplyo"},
                new String[] {"--help"})) {
            assertThat(RoroCommand.commandLine(args).getSubcommands().keySet()).as(String.join(" ", args))
                    .containsAll(RoroCommand.commandLine().getSubcommands().keySet());
        }
    }

    private static String usage(CommandLine roro, String name) {
        StringWriter out = new StringWriter();
        roro.setOut(new PrintWriter(out));
        StringWriter err = new StringWriter();
        roro.setErr(new PrintWriter(err));
        assertThat(roro.execute(name, "--help")).as(name + ": " + err).isZero();
        return out.toString();
    }

    @Test
    void aDescriptionIsItsSummaryAndOneParagraphWrappedAtWordsNotWhereTheSourceBrokeIt() {
        CommandLine roro = RoroCommand.commandLine();
        String help = roro.getSubcommands().get("train").getUsageMessage(CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF));
        String flowing = help.replaceAll("\\s+", " ");
        assertThat(flowing).contains("its progress and metrics are recorded, and its output becomes a version");
        for (CommandLine command : all(roro)) {
            assertThat(command.getCommandSpec().usageMessage().description()).as(command.getCommandName())
                    .hasSizeLessThanOrEqualTo(2);
        }
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
    }

    /** An example too long for the terminal goes on under a continuation or its own #, never cut inside a word. */
    @Test
    void examplesFitANarrowTerminalWithoutCuttingAWord() {
        CommandLine roro = RoroCommand.commandLine();
        for (CommandLine command : all(roro)) {
            command.setUsageHelpAutoWidth(false);
            command.setUsageHelpWidth(70);
        }
        String help = roro.getSubcommands().get("serve").getUsageMessage(CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF));
        String examples = help.substring(help.indexOf("Examples:"));
        assertThat(examples.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(70));
        assertThat(examples).contains(" http://127.0.0.1:PORT/\n").contains("-H 'Content-Type: application/json' -d \\\n")
                .contains("roro serve default                   # the newest version of the\n"
                        + "                                       # service's model\n")
                .contains("10% of the requests");
        assertThat(ExampleLines.fit(List.of("roro ui   # short"), 70)).containsExactly("  roro ui   # short");
    }

    @Test
    void clusterOptionsComeInASectionOfTheirOwnAfterTheOthers() {
        CommandLine roro = RoroCommand.commandLine();
        String help = roro.getSubcommands().get("deploy").getUsageMessage(CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF));
        int section = help.indexOf("For --target kubernetes (the cluster kubeconfig points at):");
        assertThat(section).as(help).isPositive();
        ToIntFunction<String> optionLine = name -> help.indexOf("\n      " + name + "=");
        assertThat(optionLine.applyAsInt("--registry")).isGreaterThan(section);
        assertThat(optionLine.applyAsInt("--builder-image")).isGreaterThan(section);
        assertThat(optionLine.applyAsInt("--target")).as("where it runs is not a cluster-only option")
                .isPositive().isLessThan(section);
        assertThat(help.split("\n      --registry=", -1)).as("listed once").hasSize(2);
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> found = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream().distinct().forEach(sub -> found.addAll(all(sub)));
        return found;
    }
}
