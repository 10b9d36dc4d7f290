package io.jenkins.plugins.roro;

import hudson.XmlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.Stapler;

/**
 * Makes one request's settings all-or-nothing: JCasC sets roro's attributes one by one in an order of its own (a
 * hash set's), and each setter saves, so a value refused late (an unresolved {@code ${RORO_MONGO_URI}}) would leave
 * the values set before it. The first setter of a request (a JCasC apply, a form save; a thread without one at
 * startup) keeps the saved configuration; a refusal writes it back and reloads it.
 */
final class SettingsRollback {
    private static final Logger LOG = Logger.getLogger(SettingsRollback.class.getName());

    private Object owner;
    private String before;

    /** Called first by every setter: the first of a request keeps the configuration as it is now. */
    synchronized void changing(XmlFile file, Runnable save) {
        Object now = Optional.<Object>ofNullable(Stapler.getCurrentRequest2()).orElse(Thread.currentThread());
        if (now == owner) {
            return;
        }
        owner = now;
        save.run();
        try {
            before = file.asString();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot keep roro's configuration before a change: a refused value cannot"
                    + " take back the others", e);
            before = null;
        }
    }

    /**
     * Runs {@code check} on the value of {@code field}; what it refuses puts back the configuration the request
     * found, then is thrown as {@link Refused}, its message unchanged (JCasC reports it) and naming the field (the
     * form points at it).
     */
    void refuseUnless(String field, Runnable check, XmlFile file, Runnable load) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            restore(file, load);
            throw new Refused(field, e);
        }
    }

    /** A value refused, with the field it was given for. */
    static final class Refused extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String field;

        Refused(String field, IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** A value was refused: the configuration the request found is written back and reloaded. */
    private synchronized void restore(XmlFile file, Runnable load) {
        if (before == null) {
            return;
        }
        try {
            Files.writeString(file.getFile().toPath(), before, StandardCharsets.UTF_8);
            load.run();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot put roro's configuration back after a refused value", e);
        }
        owner = null;
    }
}
