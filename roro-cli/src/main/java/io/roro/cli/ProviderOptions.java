package io.roro.cli;

import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.PlatformSetting;
import io.roro.core.platform.PlatformSetting.Scope;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of the targets' own settings, as their providers declare them ({@link PlatformSetting}): added to
 * each command that names a target ({@link TargetOptions}), builds ({@link BuildOptions}) or rolls a service out
 * ({@link RolloutOptions}), and read back as the settings a platform opens with. The command line names no
 * target's settings itself: a new target's reach `--help`, the environment defaults and the platform unchanged.
 */
final class ProviderOptions {
    private ProviderOptions() {
    }

    /** Every provider's settings, each option once (two targets may take the same one). */
    static Map<String, Declared> declared() {
        return declared(PlatformProvider.all());
    }

    static Map<String, Declared> declared(List<PlatformProvider> providers) {
        Map<String, Declared> byOption = new LinkedHashMap<>();
        for (PlatformProvider provider : providers) {
            for (PlatformSetting setting : provider.settings()) {
                byOption.putIfAbsent(setting.option(), new Declared(provider, setting));
            }
        }
        return byOption;
    }

    /** A setting with the provider that declared it first. */
    record Declared(PlatformProvider provider, PlatformSetting setting) {
    }

    /** Adds the options of the settings {@code command} takes (none when it names no target). */
    static void add(CommandLine command) {
        add(command, declared());
    }

    static void add(CommandLine command, Map<String, Declared> declared) {
        CommandSpec spec = command.getCommandSpec();
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        scopes(spec, scopes);
        for (Declared one : declared.values()) {
            PlatformSetting setting = one.setting();
            if (scopes.contains(setting.scope()) && spec.findOption(setting.option()) == null) {
                spec.addOption(OptionSpec.builder(setting.option()).paramLabel(setting.label()).type(String.class)
                        .description(setting.description()).build());
            }
        }
    }

    private static void scopes(CommandSpec spec, Set<Scope> found) {
        for (CommandSpec mixin : spec.mixins().values()) {
            Object options = mixin.userObject();
            if (options instanceof TargetOptions) {
                found.add(Scope.EVERY);
            } else if (options instanceof BuildOptions) {
                found.add(Scope.BUILDS);
            } else if (options instanceof RolloutOptions) {
                found.add(Scope.ROLLOUTS);
            }
            scopes(mixin, found);
        }
    }

    /**
     * The settings given to {@code spec}'s command, typed or from their environment variables, under the names the
     * platforms read (a value from the variable under {@link PlatformSetting#whenDefault} where it has one).
     */
    static Map<String, String> values(CommandSpec spec) {
        return values(spec, declared());
    }

    static Map<String, String> values(CommandSpec spec, Map<String, Declared> declared) {
        Map<String, String> values = new LinkedHashMap<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Declared one : declared.values()) {
            PlatformSetting setting = one.setting();
            OptionSpec option = spec.findOption(setting.option());
            Object value = option == null ? null : option.getValue();
            if (value == null || value.toString().isBlank()) {
                continue;
            }
            boolean typed = parsed != null && parsed.hasMatchedOption(setting.option());
            values.put(typed ? setting.name() : setting.whenDefault().orElse(setting.name()), value.toString());
        }
        return values;
    }

    /**
     * The options of {@code scope} typed on {@code spec}'s command, as arguments for another roro command of that
     * scope (what is not typed comes from the environment there as here).
     */
    static List<String> typed(CommandSpec spec, Scope scope) {
        List<String> arguments = new ArrayList<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Declared declared : declared().values()) {
            PlatformSetting setting = declared.setting();
            if (setting.scope() == scope && parsed != null && parsed.hasMatchedOption(setting.option())) {
                Object value = spec.findOption(setting.option()).getValue(); // not valueOf(char[]) by inference
                arguments.add(setting.option());
                arguments.add(String.valueOf(value));
            }
        }
        return arguments;
    }

    /** The options a provider declares, by provider, for help sections. */
    static Map<PlatformProvider, List<String>> byProvider() {
        return byProvider(declared());
    }

    static Map<PlatformProvider, List<String>> byProvider(Map<String, Declared> declared) {
        Map<PlatformProvider, List<String>> options = new LinkedHashMap<>();
        declared.values().forEach(d -> options.computeIfAbsent(d.provider(), p -> new ArrayList<>())
                .add(d.setting().option()));
        return options;
    }
}
