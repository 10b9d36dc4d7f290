package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What of roro's log a user sees on stderr: warnings by default, more when asked, one line each, no passwords. */
class CliLoggingTest {
    private static final Logger LOG = Logger.getLogger("io.roro.core.test");

    @AfterEach
    void quietAgain() {
        CliLogging.configure(Map.of());
    }

    @Test
    void warningsOnlyByDefaultOneLineWithTheirCauseAndNoPassword() {
        String err = stderr(() -> {
            CliLogging.configure(Map.of());
            LOG.fine("the resident roro reused a connection");
            LOG.log(Level.WARNING, "cannot keep the log of training p:t-1 for mongodb://roro:s3cret@db:27017/x",
                    new IOException("disk full"));
        });
        assertThat(err).isEqualTo("roro: warning: cannot keep the log of training p:t-1 for"
                + " mongodb://roro:****@db:27017/x: IOException: disk full\n");
    }

    @Test
    void roroLogAndVerboseSayMore() {
        assertThat(stderr(() -> {
            CliLogging.configure(Map.of("RORO_LOG", "fine"));
            LOG.fine("no Docker engine answers: READY unknown");
        })).isEqualTo("roro: fine: no Docker engine answers: READY unknown\n");
        assertThat(stderr(() -> {
            CliLogging.configure(Map.of());
            CliLogging.verbose();
            LOG.fine("said with --verbose");
        })).contains("said with --verbose");
        assertThat(stderr(() -> {
            CliLogging.configure(Map.of("RORO_LOG", "all"));
            LOG.log(Level.FINE, "with its trace", new IllegalStateException("why"));
        })).contains("IllegalStateException: why").contains("\tat ");
    }

    @Test
    void aValueRoroLogIsNotIsSaidAndWarningsStay() {
        String err = stderr(() -> {
            CliLogging.configure(Map.of("RORO_LOG", "loud"));
            LOG.info("not shown");
        });
        assertThat(err).isEqualTo("roro: warning: RORO_LOG is off, warning, info, fine or all, not loud;"
                + " warnings only\n");
    }

    private static String stderr(Runnable body) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
