package io.roro.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * `--help` lists the options that only matter on a cluster (namespace, registry, image builds in the cluster,
 * rollout timeout) in a section of their own after the others: on most commands they were most of the list, in
 * the way of the options a laptop user needs.
 */
final class TargetOptionsHelp {
    static final Set<String> KUBERNETES = Set.of("--namespace", "--registry", "--image", "--builder",
            "--builder-image", "--registry-secret", "--runtime-image", "--build-timeout", "--agent-image",
            "--rollout-timeout");
    private static final String SECTION = "kubernetesOptions";

    private TargetOptionsHelp() {
    }

    static void apply(CommandLine command) {
        boolean any = command.getCommandSpec().options().stream().anyMatch(TargetOptionsHelp::kubernetes);
        if (!any) {
            return;
        }
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> optionList(help, o -> !kubernetes(o)));
        command.getHelpSectionMap().put(SECTION, help -> String.format("%nOn a cluster (--target kubernetes):%n")
                + optionList(help, TargetOptionsHelp::kubernetes));
        List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
        keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST) + 1, SECTION);
        command.setHelpSectionKeys(keys);
    }

    private static boolean kubernetes(OptionSpec option) {
        return KUBERNETES.contains(option.longestName());
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
