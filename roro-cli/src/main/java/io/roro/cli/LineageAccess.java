package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.Origin;
import io.roro.core.openlineage.OpenLineageEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** How CLI commands reach lineage: RORO_MONGO_URI / ~/.roro/config.yml, else the embedded store in ~/.roro. */
final class LineageAccess {
    private static final Logger LOG = Logger.getLogger(LineageAccess.class.getName());

    private LineageAccess() {
    }

    /** The command's environment (the resident roro's own is not it). */
    static Map<String, String> environment() {
        return Invocation.current().environment();
    }

    /** Lineage, telling the OpenLineage receiver the command's environment names (if any) of what it records. */
    static Lineage open() {
        Lineage lineage = Lineage.openShared(LineageConfig.load(environment()));
        OpenLineageEvents.of(environment()).ifPresent(lineage::listen);
        return lineage;
    }

    /** The roro home, owner-only: lineage, config vars, model copies and work directories are in it. */
    static Path home() {
        Path home = LineageConfig.home(environment());
        try {
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home,
                    PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            // a home roro cannot make private is used as it is
            LOG.log(Level.WARNING, "cannot make the roro home " + home + " private", e);
        }
        return home;
    }

    /** A Jenkins build when run by one (its standard variables are set), else this user at this host. */
    static Origin origin(List<String> args) {
        return Origin.fromEnvironment(environment(), args);
    }
}
