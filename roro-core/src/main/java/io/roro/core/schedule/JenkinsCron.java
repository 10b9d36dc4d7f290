package io.roro.core.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeSet;
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
                String id = line.substring(3); // not trimmed: Jenkins refuses "TZ= Europe/Berlin"
                if (!id.equals(id.strip())) {
                    throw new CronSyntaxException("'" + line + "': no space after TZ= (Jenkins refuses it); write"
                            + " TZ=" + id.strip());
                }
                zone = Optional.of(zone(id));
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                new CronLineParser(line, JenkinsHash.zero()).parse();
            } catch (CronSyntaxException e) {
                throw new CronSyntaxException(number > 1 ? "line " + number + ": " + e.getMessage() : e.getMessage(), e);
            }
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new CronSyntaxException("no schedule given; expected five fields such as 'H 3 * * *' or '@daily'");
        }
        return new JenkinsCron(spec, lines, zone);
    }

    /**
     * A zone Jenkins accepts: it checks {@link TimeZone#getAvailableIDs()}, which also has old ids such as EST, and
     * computes in {@link TimeZone#getTimeZone(String)}'s rules for it (for EST, a fixed UTC-05:00).
     */
    public static ZoneId zone(String id) throws CronSyntaxException {
        for (String known : TimeZone.getAvailableIDs()) {
            if (known.equals(id)) {
                try {
                    return TimeZone.getTimeZone(id).toZoneId();
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
     *
     * <p>What Jenkins does: once a minute it asks whether the wall clock, in the spec's zone, matches a line. So a
     * time skipped by a daylight-saving change never fires, a time the clock shows twice fires twice, and shifts of
     * half an hour (Lord Howe) or at odd minutes (Chatham) are no different. {@code @daily}-style lines are checked
     * in {@code defaultZone}, the controller's: Jenkins drops the {@code TZ=} zone for them.
     */
    public List<ZonedDateTime> nextRuns(String jobFullName, ZonedDateTime after, ZoneId defaultZone, int count) {
        IntUnaryOperator hash = JenkinsHash.from(jobFullName);
        ZoneId shown = zone.orElse(defaultZone);
        TreeSet<Instant> runs = new TreeSet<>();
        for (String line : lines) {
            long[] table;
            try {
                table = new CronLineParser(line, hash).parse();
            } catch (CronSyntaxException e) {
                throw new IllegalStateException("checked at parse time: " + line, e);
            }
            runs.addAll(runs(table, CronLineParser.isAlias(line) ? defaultZone : shown, after.toInstant(), count));
        }
        return runs.stream().limit(count).map(i -> i.atZone(shown)).toList();
    }

    /**
     * The first {@code count} instants after {@code after} whose wall clock in {@code zone} matches: matching local
     * minutes are found by skipping whole months, days and hours (local time only goes forward, so this ends), and
     * each is the instants it names there - none in a gap, two in an overlap, which can come out of order, so a
     * few hours of matches past the last one kept are looked at too.
     */
    private static List<Instant> runs(long[] table, ZoneId zone, Instant after, int count) {
        ZoneRules rules = zone.getRules();
        LocalDateTime start = LocalDateTime.ofInstant(after, zone).truncatedTo(ChronoUnit.MINUTES).minusHours(3);
        LocalDateTime horizon = start.plusDays(HORIZON_DAYS);
        TreeSet<Instant> found = new TreeSet<>();
        for (LocalDateTime local = next(table, start, horizon); local != null;
                local = next(table, local.plusMinutes(1), horizon)) {
            for (ZoneOffset offset : rules.getValidOffsets(local)) {
                Instant instant = local.toInstant(offset);
                if (instant.isAfter(after)) {
                    found.add(instant);
                }
            }
            if (found.size() >= count) {
                Instant last = found.stream().skip(count - 1L).findFirst().orElseThrow();
                if (local.isAfter(LocalDateTime.ofInstant(last, zone).plusHours(3))) {
                    break;
                }
            }
        }
        return found.stream().limit(count).toList();
    }

    /**
     * Whether a job named {@code jobFullName} with this spec ever runs: a match in one whole cycle of the Gregorian
     * calendar (400 years, after which dates and weekdays repeat), so a Monday 29 February counts (2044) and a 31
     * September never does. The job's name decides what its {@code H} resolves to.
     */
    public boolean runsEver(String jobFullName) {
        IntUnaryOperator hash = JenkinsHash.from(jobFullName);
        LocalDateTime cycleStart = LocalDateTime.of(2001, 1, 1, 0, 0);
        for (String line : lines) {
            try {
                if (next(new CronLineParser(line, hash).parse(), cycleStart, cycleStart.plusYears(400)) != null) {
                    return true;
                }
            } catch (CronSyntaxException e) {
                throw new IllegalStateException("checked at parse time: " + line, e);
            }
        }
        return false;
    }

    /** The first local minute at or after {@code time} that the table matches; skips whole months, days and hours. */
    private static LocalDateTime next(long[] table, LocalDateTime time, LocalDateTime horizon) {
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
