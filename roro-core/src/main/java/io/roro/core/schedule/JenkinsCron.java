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
    private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[] LOWER = {0, 0, 1, 1, 0};
    private static final int[] UPPER = {59, 23, 31, 12, 7};
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
                new LineParser(line, JenkinsHash.zero()).parse();
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
                tables.add(new LineParser(line, hash).parse());
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

    /** Recursive descent over one line, following the grammar of Jenkins' CrontabParser.g4. */
    private static final class LineParser {
        private final String line;
        private final IntUnaryOperator hash;

        LineParser(String line, IntUnaryOperator hash) {
            this.line = line;
            this.hash = hash;
        }

        long[] parse() throws CronSyntaxException {
            if (line.startsWith("@")) {
                return alias(line.substring(1).trim());
            }
            String[] fields = line.split("[ \\t]+");
            if (fields.length != 5) {
                throw new CronSyntaxException("'" + line + "' has " + fields.length + " field"
                        + (fields.length == 1 ? "" : "s") + "; a cron spec has five: minute hour day-of-month month"
                        + " day-of-week, e.g. 'H 3 * * *' (or @hourly, @daily, @weekly, @monthly, @yearly)");
            }
            long[] bits = new long[5];
            for (int field = 0; field < 5; field++) {
                bits[field] = field(fields[field], field);
            }
            if ((bits[4] & (1L << 7)) != 0) {
                bits[4] = (bits[4] | 1) & ~(1L << 7); // 7 is Sunday too
            }
            return bits;
        }

        private long[] alias(String name) throws CronSyntaxException {
            String expanded = switch (name) {
                case "yearly", "annually" -> "H H H H *";
                case "monthly" -> "H H H * *";
                case "weekly" -> "H H * * H";
                case "daily" -> "H H * * *";
                case "midnight" -> "H H(0-2) * * *";
                case "hourly" -> "H * * * *";
                default -> throw new CronSyntaxException("unknown '@" + name + "'; use @hourly, @daily, @midnight,"
                        + " @weekly, @monthly, @yearly or @annually");
            };
            return new LineParser(expanded, hash).parse();
        }

        private long field(String text, int field) throws CronSyntaxException {
            long bits = 0;
            for (String term : text.split(",", -1)) {
                bits |= term(term, field);
            }
            return bits;
        }

        private long term(String term, int field) throws CronSyntaxException {
            String name = FIELD_NAMES[field];
            String body = term;
            int step = 1;
            boolean stepped = false;
            int slash = term.indexOf('/');
            if (slash >= 0) {
                body = term.substring(0, slash);
                step = number(term.substring(slash + 1), name, term);
                stepped = true;
                if (step <= 0) {
                    throw new CronSyntaxException(name + ": step must be positive in '" + term + "'");
                }
            }
            if (body.equals("*")) {
                return range(LOWER[field], UPPER[field], step, field, term);
            }
            if (body.equals("H")) {
                int upper = field == 2 ? 28 : field == 4 ? 6 : UPPER[field];
                return hashed(LOWER[field], upper, step, field, term);
            }
            if (body.startsWith("H(") && body.endsWith(")")) {
                int[] bounds = bounds(body.substring(2, body.length() - 1), name, term);
                return hashed(bounds[0], bounds[1], step, field, term);
            }
            if (body.contains("-")) {
                int[] bounds = bounds(body, name, term);
                return range(bounds[0], bounds[1], step, field, term);
            }
            if (stepped) {
                throw new CronSyntaxException(name + ": '" + term + "' steps need a range, * or H before the /,"
                        + " e.g. '*/15' or 'H/15'");
            }
            int value = number(body, name, term);
            check(value, field, term);
            return 1L << value;
        }

        private long range(int start, int end, int step, int field, String term) throws CronSyntaxException {
            check(start, field, term);
            check(end, field, term);
            if (start > end) {
                throw new CronSyntaxException(FIELD_NAMES[field] + ": range " + start + "-" + end
                        + " is reversed; write " + end + "-" + start);
            }
            long bits = 0;
            for (int i = start; i <= end; i += step) {
                bits |= 1L << i;
            }
            return bits;
        }

        private long hashed(int start, int end, int step, int field, String term) throws CronSyntaxException {
            check(start, field, term);
            check(end, field, term);
            if (start > end) {
                throw new CronSyntaxException(FIELD_NAMES[field] + ": range " + start + "-" + end
                        + " is reversed in '" + term + "'");
            }
            if (step > end - start + 1) {
                throw new CronSyntaxException(FIELD_NAMES[field] + ": step " + step + " in '" + term
                        + "' is larger than the range (at most " + (end - start + 1) + ")");
            }
            if (step > 1) {
                long bits = 0;
                for (int i = hash.applyAsInt(step) + start; i <= end; i += step) {
                    bits |= 1L << i;
                }
                return bits;
            }
            return 1L << (start + hash.applyAsInt(end + 1 - start));
        }

        private static int[] bounds(String text, String name, String term) throws CronSyntaxException {
            int dash = text.indexOf('-');
            if (dash <= 0 || dash == text.length() - 1) {
                throw new CronSyntaxException(name + ": cannot read range '" + term + "'; expected e.g. 1-5");
            }
            return new int[] {number(text.substring(0, dash), name, term), number(text.substring(dash + 1), name, term)};
        }

        private static int number(String text, String name, String term) throws CronSyntaxException {
            if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
                throw new CronSyntaxException(name + ": cannot read '" + term + "'; expected a number, a range"
                        + " (1-5), a list (1,3), a step (*/15), * or H (H, H(0-29), H/15)"
                        + (text.matches("[A-Za-z]+") ? "; Jenkins cron has no month or day names, use numbers" : ""));
            }
            return Integer.parseInt(text);
        }

        private static void check(int value, int field, String term) throws CronSyntaxException {
            if (value < LOWER[field] || value > UPPER[field]) {
                throw new CronSyntaxException(FIELD_NAMES[field] + ": " + value + " in '" + term
                        + "' is out of range; valid values are " + LOWER[field] + "-" + UPPER[field]);
            }
        }
    }
}
