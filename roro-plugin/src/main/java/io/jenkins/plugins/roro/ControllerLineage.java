package io.jenkins.plugins.roro;

import hudson.init.Terminator;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.LineageConfig;

/**
 * The controller's one connection to lineage for the current configuration: the Models pages, the build Lineage
 * pages and their actions share it instead of connecting on every page view. A changed configuration (saved in
 * the form or by JCasC) closes it, and so does Jenkins' shutdown.
 */
final class ControllerLineage {
    private static Lineage open;
    private static LineageConfig openFor;

    private ControllerLineage() {
    }

    /** Lineage as the current configuration says; opened on first use, shared until the configuration changes. */
    static synchronized Lineage get() {
        LineageConfig config = RoroConfiguration.get().lineageConfig();
        if (open == null || !config.equals(openFor)) {
            reset();
            open = Lineage.open(config);
            openFor = config;
        }
        return open;
    }

    /** Closes the shared connection (the next {@link #get()} opens one for the configuration then). */
    static synchronized void reset() {
        if (open != null) {
            try {
                open.close();
            } finally {
                open = null;
                openFor = null;
            }
        }
    }

    @Terminator
    public static void shutdown() {
        reset();
    }
}
