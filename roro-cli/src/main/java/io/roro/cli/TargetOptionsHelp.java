package io.roro.cli;

import io.roro.core.platform.PlatformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * `--help` lists the options of one target's own settings (a cluster's namespace, registry, in-cluster builds,
 * rollout timeout) in a section of that target after the others: on most commands they were most of the list, in
 * the way of the options a laptop user needs. The sections come from the providers ({@link ProviderOptions}).
 */
final class TargetOptionsHelp {
    private TargetOptionsHelp() {
    }

    static void apply(CommandLine command) {
        apply(command, ProviderOptions.byProvider());
    }

    static void apply(CommandLine command, Map<PlatformProvider, List<String>> byProvider) {
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        int at = keys.indexOf(UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1;
        List<String> all = new ArrayList<>();
        for (Map.Entry<PlatformProvider, List<String>> provider : byProvider.entrySet()) {
            List<String> options = provider.getValue();
            boolean any = command.getCommandSpec().options().stream().anyMatch(o -> options.contains(
                    o.longestName()));
            if (!any) {
                continue;
            }
            all.addAll(options);
            String section = "targetOptions-" + provider.getKey().name();
            String heading = String.format("%nFor --target %s (%s):%n", provider.getKey().name(),
                    provider.getKey().description());
            command.getHelpSectionMap().put(section, help -> heading + optionList(help,
                    o -> options.contains(o.longestName())));
            keys.add(at++, section);
        }
        if (all.isEmpty()) {
            return;
        }
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> optionList(help, o -> !all.contains(o.longestName())));
        command.setHelpSectionKeys(keys);
    }

    private static String optionList(CommandLine.Help help, Predicate<OptionSpec> which) {
        CommandLine.Help.Layout layout = help.createDefaultLayout();
        List<OptionSpec> options = new ArrayList<>(help.commandSpec().options().stream()
                .filter(o -> !o.hidden() && which.test(o)).toList());
        options.sort(CommandLine.Help.createShortOptionArityAndNameComparator());
        CommandLine.Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        options.forEach(o -> layout.addOption(o, labels));
        return layout.toString();
    }
}
