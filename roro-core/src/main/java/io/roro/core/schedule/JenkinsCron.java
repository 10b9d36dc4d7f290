package io.roro.core.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.IntUnaryOperator;

/**
 * A cron spec in the syntax of Jenkins' "Build periodically" trigger: five fields (minute hour day-of-month month
 * day-of-week), {@code *}, ranges, steps, lists, {@code H}, {@code H(a-b)}, {@code H/n}, the {@code @daily}-style
 * tokens, several lines, {@code #} comments and a first-line {@code TZ=zone}. All five fields must match (Jenkins
 * does not OR day-of-month with day-of-week as Vixie cron does), which is why this is not delegated to a generic
 * cron library: none of them knows {@code H} or these semantics.
 */
public final class JenkinsCron {
    /** How far ahead to look for the next run; a spec with no run in this window never runs (e.g. 30 February). */
    private static final long HORIZON_DAYS = 5 * 366;

    private final String spec;
    private final List<String> lines;
    private final Optional<ZoneId> zone;

    private JenkinsCron(String spec, List<String> lines, Optional<ZoneId> zone) {
        this.spec = spec;
        this.lines = List.copyOf(lines);
        this.zone = zone;
    }

    /** Parses and checks a spec exactly as Jenkins would, without a job name. */
    public static JenkinsCron parse(String spec) throws CronSyntaxException {
        List<String> lines = new ArrayList<>();
        Optional<ZoneId> zone = Optional.empty();
        int number = 0;
        for (String raw : spec.split("\\r?\\n")) {
            number++;
            String line = raw.trim();
            if (number == 1 && line.startsWith("TZ=")) {
                zone = Optional.of(zone(line.substring(3).trim()));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                new CronLineParser(line, JenkinsHash.zero()).parse();
            } catch (CronSyntaxException e) {
                throw new CronSyntaxException(number > 1 ? "line " + number + ": " + e.getMessage() : e.getMessage());
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new CronSyntaxException("no schedule given; expected five fields such as 'H 3 * * *' or '@daily'");
        }
        return new JenkinsCron(spec, lines, zone);
    }

    /** An IANA zone Jenkins accepts (it checks {@link TimeZone#getAvailableIDs()}). */
    public static ZoneId zone(String id) throws CronSyntaxException {
        for (String known : TimeZone.getAvailableIDs()) {
            if (known.equals(id)) {
                try {
                    return ZoneId.of(id);
                } catch (DateTimeException e) {
                    break;
                }
            }
        }
        throw new CronSyntaxException("unknown time zone '" + id + "'; use an IANA name such as Europe/Berlin,"
                + " America/New_York or UTC");
    }

    public String spec() {
        return spec;
    }

    /** The zone from a {@code TZ=} line, if the spec has one. */
    public Optional<ZoneId> zone() {
        return zone;
    }

    /**
     * The next {@code count} times a Jenkins job named {@code jobFullName} with this spec is triggered, strictly after
     * {@code after}, in the spec's zone (or {@code defaultZone} without a {@code TZ=} line). Fewer when it never runs.
     */
    public List<ZonedDateTime> nextRuns(String jobFullName, ZonedDateTime after, ZoneId defaultZone, int count) {
        IntUnaryOperator hash = JenkinsHash.from(jobFullName);
        List<long[]> tables = new ArrayList<>();
        for (String line : lines) {
            try {
                tables.add(new CronLineParser(line, hash).parse());
            } catch (CronSyntaxException e) {
                throw new IllegalStateException("checked at parse time: " + line, e);
            }
        }
        ZonedDateTime time = after.withZoneSameInstant(zone.orElse(defaultZone))
                .truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime horizon = time.plusDays(HORIZON_DAYS);
        List<ZonedDateTime> runs = new ArrayList<>();
        while (runs.size() < count && time.isBefore(horizon)) {
            ZonedDateTime earliest = null;
            for (long[] table : tables) {
                ZonedDateTime next = next(table, time, horizon);
                if (next != null && (earliest == null || next.isBefore(earliest))) {
                    earliest = next;
                }
            }
            if (earliest == null) {
                break;
            }
            runs.add(earliest);
            time = earliest.plusMinutes(1);
        }
        return runs;
    }

    /** The first minute at or after {@code time} that the table matches; skips whole months, days and hours. */
    private static ZonedDateTime next(long[] table, ZonedDateTime time, ZonedDateTime horizon) {
        while (time.isBefore(horizon)) {
            if (!matches(table[3], time.getMonthValue())) {
                time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!matches(table[2], time.getDayOfMonth())
                    || !matches(table[4], time.getDayOfWeek().getValue() % 7)) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!matches(table[1], time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!matches(table[0], time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return time;
            }
        }
        return null;
    }

    private static boolean matches(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    @Override
    public String toString() {
        return spec;
    }
}
