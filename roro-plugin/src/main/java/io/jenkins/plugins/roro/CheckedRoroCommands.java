package io.jenkins.plugins.roro;

import hudson.model.InvisibleAction;
import hudson.model.Run;
import java.util.HashSet;
import java.util.Set;

/**
 * The nodes of a build whose {@code roro} command was found to speak this plugin's version: checked once per node
 * and build ({@code roro version --json}), not before every step.
 */
final class CheckedRoroCommands extends InvisibleAction {
    private final Set<String> nodes = new HashSet<>();

    static synchronized boolean isChecked(Run<?, ?> run, String node) {
        CheckedRoroCommands checked = run.getAction(CheckedRoroCommands.class);
        return checked != null && checked.nodes.contains(node);
    }

    static synchronized void markChecked(Run<?, ?> run, String node) {
        CheckedRoroCommands checked = run.getAction(CheckedRoroCommands.class);
        if (checked == null) {
            checked = new CheckedRoroCommands();
            run.addAction(checked);
        }
        checked.nodes.add(node);
    }
}
