package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A time roro prints can be given back to --at; ISO-8601 and a zone-less clock time are taken too. */
class TimesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void whatIsPrintedIsTakenBack() {
        Instant t = Instant.parse("2026-12-07T04:14:25Z");
        String shown = Times.show(t);
        assertThat(shown).isEqualTo("2026-12-07 04:14:25Z");
        assertThat(Times.parse(shown, BERLIN).toInstant()).isEqualTo(t);
    }

    @Test
    void isoWithOrWithoutOffsetAndSecondsIsTaken() {
        assertThat(Times.parse("2026-12-07T05:14:25+01:00", BERLIN).toInstant())
                .isEqualTo(Instant.parse("2026-12-07T04:14:25Z"));
        assertThat(Times.parse("2026-12-07T04:14:25.5Z", BERLIN).toInstant())
                .isEqualTo(Instant.parse("2026-12-07T04:14:25.5Z"));
        assertThat(Times.parse("2026-12-07 05:14", BERLIN).toInstant()).as("this machine's zone")
                .isEqualTo(Instant.parse("2026-12-07T04:14:00Z"));
        assertThatThrownBy(() -> Times.parse("yesterday", BERLIN)).hasMessageContaining("is not a time")
                .hasMessageContaining("2026-11-22 10:00:00Z");
    }
}
