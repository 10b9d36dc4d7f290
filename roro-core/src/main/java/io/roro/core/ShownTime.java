package io.roro.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as people read them everywhere roro shows one (the command line's lists, the UI's pages): to the second,
 * with the zone ({@code 2026-12-07 04:14:25Z} in UTC); machine answers (JSON) keep ISO-8601.
 */
public final class ShownTime {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

    private ShownTime() {
    }

    /** In UTC: {@code 2026-12-07 04:14:25Z}. */
    public static String of(Instant time) {
        return UTC.format(time.atOffset(ZoneOffset.UTC));
    }

    /** In its own offset, as a schedule's zone gives it: {@code 2026-12-08 02:00:00+01:00}. */
    public static String of(OffsetDateTime time) {
        return time.getOffset().equals(ZoneOffset.UTC) ? of(time.toInstant()) : WITH_OFFSET.format(time);
    }
}
