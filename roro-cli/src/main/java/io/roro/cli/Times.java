package io.roro.cli;

import io.roro.core.ShownTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Times as every command prints and takes them: printed in UTC to the second with its zone ({@code 2026-12-07
 * 04:14:25Z}), taken back as printed, as ISO-8601 with or without {@code T} and seconds, and without an offset
 * in this machine's zone (as a person reading a clock means it).
 */
final class Times {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("yyyy-MM-dd").appendLiteral(' ').appendPattern("HH:mm").optionalStart()
            .appendPattern(":ss").optionalEnd().optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter();

    private Times() {
    }

    static String show(Instant time) {
        return ShownTime.of(time);
    }

    static String show(Optional<Instant> time) {
        return time.map(Times::show).orElse("-");
    }

    /** A time as a person or a previous command wrote it; {@code zone} for one without an offset. */
    static OffsetDateTime parse(String text, ZoneId zone) {
        String t = text.strip().replace('T', ' ');
        String withoutZone = t.endsWith("Z") || t.endsWith("z") ? t.substring(0, t.length() - 1) : t;
        Optional<ZoneOffset> offset = t.endsWith("Z") || t.endsWith("z") ? Optional.of(ZoneOffset.UTC)
                : Optional.empty();
        if (offset.isEmpty()) {
            int sign = Math.max(withoutZone.lastIndexOf('+'), withoutZone.lastIndexOf('-'));
            if (sign > 10) { // past the date's own dashes: an offset such as +01:00
                offset = Optional.of(ZoneOffset.of(withoutZone.substring(sign)));
                withoutZone = withoutZone.substring(0, sign);
            }
        }
        try {
            LocalDateTime local = LocalDateTime.parse(withoutZone.strip(), LOCAL);
            return offset.map(local::atOffset).orElseGet(() -> local.atZone(zone).toOffsetDateTime());
        } catch (DateTimeException e) { // a DateTimeParseException too
            throw new IllegalArgumentException("'" + text + "' is not a time: write it as roro prints it"
                    + " (2026-11-22 10:00:00Z), as ISO-8601 (2026-11-22T11:00:00+01:00), or without an offset for"
                    + " this machine's zone (2026-11-22 11:00)", e);
        }
    }
}
