package io.roro.core.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in roro.yml and on the command line: 90s, 10m, 1h. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(s|m|h)");

    private Durations() {
    }

    /** {@code text} as a duration from 1 s to 168 h; else an IllegalArgumentException saying what is valid. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number of seconds,"
                    + " minutes or hours (e.g. 90s, 10m, 1h)");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range; from 1s to 168h");
        }
        return d;
    }

    /** 600 s as "10m", 90 s as "90s": the shortest exact form. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
