package io.roro.core.schedule;

import java.util.function.IntUnaryOperator;

/** Recursive descent over one line, following the grammar of Jenkins' CrontabParser.g4. */
final class CronLineParser {
    private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[] LOWER = {0, 0, 1, 1, 0};
    private static final int[] UPPER = {59, 23, 31, 12, 7};

    private final String line;
    private final IntUnaryOperator hash;

    CronLineParser(String line, IntUnaryOperator hash) {
        this.line = line;
        this.hash = hash;
    }

    long[] parse() throws CronSyntaxException {
        if (line.startsWith("@")) {
            return new CronLineParser(expansion(line), hash).parse();
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

    /** Whether a line is one of the {@code @daily}-style tokens. */
    static boolean isAlias(String line) {
        return line.startsWith("@");
    }

    /**
     * The five fields a token stands for, as Jenkins expands it. Jenkins refuses {@code @ daily} and accepts (and
     * ignores) anything after the token; roro refuses both, saying why.
     */
    static String expansion(String line) throws CronSyntaxException {
        String name = line.substring(1);
        if (name.isEmpty() || Character.isWhitespace(name.charAt(0))) {
            throw new CronSyntaxException("'" + line + "': no space after @ (Jenkins refuses it); write e.g. @daily");
        }
        String[] words = name.split("[ \t]+", 2);
        String expanded = switch (words[0]) {
            case "yearly", "annually" -> "H H H H *";
            case "monthly" -> "H H H * *";
            case "weekly" -> "H H * * H";
            case "daily" -> "H H * * *";
            case "midnight" -> "H H(0-2) * * *";
            case "hourly" -> "H * * * *";
            default -> throw new CronSyntaxException("unknown '@" + words[0] + "'; use @hourly, @daily, @midnight,"
                    + " @weekly, @monthly, @yearly or @annually");
        };
        if (words.length > 1) {
            throw new CronSyntaxException("'" + line + "': Jenkins would ignore '" + words[1] + "' after @"
                    + words[0] + " and run it as @" + words[0] + "; remove it, or write five fields");
        }
        return expanded;
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
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CronSyntaxException(name + ": cannot read '" + term + "'; expected a number, a range"
                    + " (1-5), a list (1,3), a step (*/15), * or H (H, H(0-29), H/15)"
                    + (text.matches("[A-Za-z]+") ? "; Jenkins cron has no month or day names, use numbers" : ""));
        }
        String digits = text.replaceFirst("^0+(?=.)", ""); // Jenkins reads 00005 as 5
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
            // Jenkins' parser reads an int: a larger number is a syntax error there (or would overflow)
            throw new CronSyntaxException(name + ": " + digits + " in '" + term + "' is too large a number for"
                    + " Jenkins (at most 2147483647)");
        }
        return digits.length() > 5 ? 100_000 : Integer.parseInt(digits); // out of every range, and no overflow in steps
    }

    private static void check(int value, int field, String term) throws CronSyntaxException {
        if (value < LOWER[field] || value > UPPER[field]) {
            throw new CronSyntaxException(FIELD_NAMES[field] + ": " + value + " in '" + term
                    + "' is out of range; valid values are " + LOWER[field] + "-" + UPPER[field]);
        }
    }
}
