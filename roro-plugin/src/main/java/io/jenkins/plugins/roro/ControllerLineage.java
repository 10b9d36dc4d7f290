package io.jenkins.plugins.roro;

import hudson.init.Terminator;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's one connection to lineage for the current configuration: the Models pages, the build Lineage
 * pages and their actions share it instead of connecting on every page view. A changed configuration (saved in
 * the form or by JCasC) closes it, and so does Jenkins' shutdown.
 *
 * <p>No lock is held while connecting: opening a MongoDB connection may wait seconds for a slow or down server,
 * and every page and poll of the controller would wait behind it. Two threads that find no connection may both
 * open one; the first one stored is shared and the other is closed.
 */
final class ControllerLineage {
    private static final Logger LOGGER = Logger.getLogger(ControllerLineage.class.getName());
    private static final AtomicReference<Opened> OPEN = new AtomicReference<>();

    /** A connection and the configuration it was opened for. */
    private record Opened(LineageConfig config, Lineage lineage) {
    }

    private ControllerLineage() {
    }

    /** Lineage as the current configuration says; opened on first use, shared until the configuration changes. */
    static Lineage get() {
        LineageConfig config = RoroConfiguration.get().lineageConfig();
        Opened current = OPEN.get();
        if (current != null && current.config().equals(config)) {
            return current.lineage();
        }
        Opened fresh = new Opened(config, Lineage.open(config));
        if (OPEN.compareAndSet(current, fresh)) {
            close(current);
            return fresh.lineage();
        }
        close(fresh); // another thread stored one meanwhile: use what is stored now
        return get();
    }

    /** Closes the shared connection (the next {@link #get()} opens one for the configuration then). */
    static void reset() {
        close(OPEN.getAndSet(null));
    }

    private static void close(Opened opened) {
        if (opened == null) {
            return;
        }
        try {
            opened.lineage().close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "closing roro's lineage connection to " + opened.config().describe(), e);
        }
    }

    @Terminator
    public static void shutdown() {
        reset();
    }
}
