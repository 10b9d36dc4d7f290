package io.roro.cli;

import io.roro.core.secrets.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * roro's log (java.util.logging, what every class of roro logs through) on the command's stderr: quiet by default
 * (warnings only: what went wrong beside the command's own result), more with {@code RORO_LOG=info}, {@code fine}
 * (also {@code --verbose}) or {@code all} (with stack traces). One line a record, its cause's message after it,
 * passwords in URIs masked. Written to the stderr of the moment, so the resident roro's records reach the command
 * that made them.
 */
final class CliLogging {
    private static final Level DEFAULT = Level.WARNING;

    private CliLogging() {
    }

    /** Sets the log level from {@code RORO_LOG} of the command's environment (a value it is not: warnings only). */
    static void configure(Map<String, String> environment) {
        try {
            apply(level(environment.get("RORO_LOG")));
        } catch (IllegalArgumentException e) {
            apply(DEFAULT);
            Logger.getLogger(CliLogging.class.getName()).warning(e.getMessage() + "; warnings only");
        }
    }

    /** {@code --verbose}: at least FINE. */
    static void verbose() {
        if (Logger.getLogger("").getLevel().intValue() > Level.FINE.intValue()) {
            apply(Level.FINE);
        }
    }

    static Level level(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "off", "quiet" -> Level.OFF;
            case "error", "severe" -> Level.SEVERE;
            case "warning", "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "fine", "debug", "verbose" -> Level.FINE;
            case "finer", "finest", "all", "trace" -> Level.ALL;
            default -> throw new IllegalArgumentException("RORO_LOG is off, warning, info, fine or all, not " + text);
        };
    }

    private static synchronized void apply(Level level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (!(handler instanceof StderrHandler)) {
                root.removeHandler(handler); // the JDK's two-line console format
            }
        }
        if (root.getHandlers().length == 0) {
            root.addHandler(new StderrHandler());
        }
        root.setLevel(level);
        root.getHandlers()[0].setLevel(level);
    }

    /** The line a record is printed as. */
    static String line(LogRecord record, boolean withTrace) {
        StringBuilder line = new StringBuilder("roro: ").append(record.getLevel().getName().toLowerCase(Locale.ROOT))
                .append(": ").append(record.getMessage());
        Throwable cause = record.getThrown();
        if (cause != null) {
            line.append(": ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                line.append(": ").append(cause.getMessage());
            }
            if (withTrace) {
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace.toString().stripTrailing());
            }
        }
        return Secrets.maskPassword(line.toString());
    }

    private static final class StderrHandler extends Handler {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                System.err.println(line(record, getLevel().intValue() <= Level.FINER.intValue()));
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
