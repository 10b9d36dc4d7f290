package io.roro.cli;

import io.roro.core.spec.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine;

/**
 * How the command line speaks to a user beyond each command's own text: the examples of every command's help (from
 * examples.txt, one place to keep them), version information only on {@code roro --version} (a subcommand's
 * {@code --version} is its own option, e.g. serve's model version), a bad option value as one line saying what
 * would be valid (no usage dump, no Java type names).
 */
final class UserFacing {
    private UserFacing() {
    }

    static void apply(CommandLine root) {
        // wide enough for an example line with its comment; a terminal's own width where it is known
        root.setUsageHelpWidth(110);
        root.setUsageHelpAutoWidth(true);
        Map<String, List<String>> examples = examples();
        walk(root, examples);
        root.registerConverter(OffsetDateTime.class, value -> time(value));
        root.registerConverter(Instant.class, value -> time(value).toInstant());
        root.registerConverter(Duration.class, value -> {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw refused(e);
            }
        });
        root.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            command.getErr().println("(" + command.getCommandSpec().qualifiedName() + " --help shows what it takes)");
            return RoroCommand.INVALID;
        });
    }

    private static void walk(CommandLine command, Map<String, List<String>> examples) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.parent() != null) {
            OptionSpec version = spec.findOption("-V");
            if (version != null && version.versionHelp()) {
                spec.remove(version);
            }
        }
        // the summary, then the rest as one paragraph that picocli wraps at the terminal's width (written as
        // several source lines, it was shown broken where the source lines broke)
        String[] description = spec.usageMessage().description();
        if (description.length > 2) {
            String rest = String.join(" ", Arrays.asList(description).subList(1, description.length))
                    .replaceAll("\\s+", " ").strip();
            spec.usageMessage().description(description[0], rest);
        }
        ProviderOptions.add(command);
        TargetOptionsHelp.apply(command);
        List<String> lines = examples.get(spec.qualifiedName().replaceFirst("^roro ?", ""));
        if (lines != null) {
            spec.usageMessage().footerHeading("%nExamples:%n")
                    .footer(lines.stream().map(line -> "  " + line.replace("%", "%%")).toArray(String[]::new));
            // laid out at the width the help is shown at (a terminal's), not wrapped by picocli inside a word
            command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> String.join(
                    System.lineSeparator(), ExampleLines.fit(lines, help.commandSpec().usageMessage().width()))
                    + System.lineSeparator());
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, examples));
    }

    private static OffsetDateTime time(String value) {
        try {
            return Times.parse(value, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw refused(e);
        }
    }

    /** A value picocli reports as the option's, with what refused it underneath. */
    private static CommandLine.TypeConversionException refused(IllegalArgumentException e) {
        CommandLine.TypeConversionException refused = new CommandLine.TypeConversionException(e.getMessage());
        refused.initCause(e);
        return refused;
    }

    /** examples.txt: a line "[COMMAND PATH]" starts a command's examples, "#" lines are comments. */
    static Map<String, List<String>> examples() {
        Map<String, List<String>> examples = new LinkedHashMap<>();
        try (InputStream in = UserFacing.class.getResourceAsStream("examples.txt")) {
            if (in == null) {
                return examples;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> current = null;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = new ArrayList<>();
                    examples.put(line.substring(1, line.length() - 1), current);
                } else if (current != null && !line.isBlank() && !line.startsWith("#")) {
                    current.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }
}
