package io.roro.core.platform.docker;

import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.PlatformException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of the last backend of each service that did not become healthy, kept under {@code RORO_HOME/logs}
 * (owner-only, the project's config var values masked) after the backend is removed: the failure's one line says
 * {@code roro logs SERVICE --failed}, which reads it here.
 */
final class FailedLogs {
    private static final Logger LOGGER = Logger.getLogger(FailedLogs.class.getName());
    private final Path roroHome;
    private final Path directory;

    FailedLogs(Path roroHome) {
        this.roroHome = roroHome;
        this.directory = roroHome.resolve("logs");
    }

    void keep(String project, String service, String backend, String log) {
        Path file = file(project, service);
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            String masked = HomeConfigVars.of(roroHome, project).mask().apply(log);
            Path tmp = Files.createTempFile(file.getParent(), ".failed-", ".log", PosixFilePermissions
                    .asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, "# " + backend + "\n" + masked);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // the failure is said anyway; only its whole log is lost
            LOGGER.log(Level.WARNING, "cannot keep the log of " + backend + " in " + file, e);
        }
    }

    void read(String project, String service, Consumer<String> out) {
        Path file = file(project, service);
        if (!Files.isRegularFile(file)) {
            throw new PlatformException("no failed start of " + project + ":" + service + " is kept here");
        }
        try (var lines = Files.lines(file)) {
            lines.forEach(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Path file(String project, String service) {
        return directory.resolve(project).resolve(service + ".failed.log");
    }
}
