package io.roro.core.schedule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rorodata's English {@code when:} schedules, translated to Jenkins cron. Fixed times stay fixed
 * ({@code every day at 10:00 AM} is {@code 0 10 * * *}); intervals without a time use {@code H}, so many projects
 * retraining "every hour" do not all start at minute 0.
 */
public final class EnglishSchedule {
    /** Shown to the user with any phrase that cannot be read. */
    public static final List<String> EXAMPLES = List.of(
            "every day at 10:00 AM", "every day at 20:00", "every weekday at 7:30", "every monday at 9:30",
            "every week on sunday at 10:00 AM", "every month on first day at 10:00 AM",
            "every month on day 2 at 10:00 AM", "every hour", "every 15 minutes", "every 6 hours");

    private static final Map<String, Integer> DAYS = Map.ofEntries(
            Map.entry("sunday", 0), Map.entry("sun", 0), Map.entry("monday", 1), Map.entry("mon", 1),
            Map.entry("tuesday", 2), Map.entry("tue", 2), Map.entry("tues", 2), Map.entry("wednesday", 3),
            Map.entry("wed", 3), Map.entry("thursday", 4), Map.entry("thu", 4), Map.entry("thurs", 4),
            Map.entry("friday", 5), Map.entry("fri", 5), Map.entry("saturday", 6), Map.entry("sat", 6));

    private static final String AT = "(?:\\s+at\\s+(?<time>.+))?";
    private static final Pattern INTERVAL = Pattern.compile("every\\s+(?:(?<n>\\d+)\\s+)?(?<unit>minutes?|hours?)");
    private static final Pattern DAILY = Pattern.compile("every\\s+day" + AT);
    private static final Pattern WEEKDAYS = Pattern.compile("every\\s+(?<which>weekday|weekend)(?:\\s+day)?" + AT);
    private static final Pattern WEEKLY = Pattern.compile("every\\s+(?:week\\s+on\\s+)?(?<day>[a-z]+?)s?" + AT);
    private static final Pattern MONTHLY = Pattern.compile(
            "every\\s+month(?:\\s+on\\s+(?:the\\s+)?(?:day\\s+(?<n>\\d+)|(?<ord>first|1st|2nd|3rd|\\d+th|\\d+st|\\d+nd|\\d+rd)"
                    + "(?:\\s+day)?))?" + AT);
    private static final Pattern TIME = Pattern.compile(
            "(?<h>\\d{1,2})(?::(?<m>\\d{2}))?\\s*(?<ampm>am|pm|a\\.m\\.|p\\.m\\.)?");

    private EnglishSchedule() {
    }

    /** Translates {@code when} to a Jenkins cron spec, or says which phrases are understood. */
    public static String toCron(String when) throws CronSyntaxException {
        String text = when.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher m;
        if ((m = INTERVAL.matcher(text)).matches()) {
            return interval(m.group("n"), m.group("unit"), when);
        }
        if ((m = DAILY.matcher(text)).matches()) {
            return time(m.group("time"), when) + " * * *";
        }
        if ((m = WEEKDAYS.matcher(text)).matches()) {
            return time(m.group("time"), when) + " * * " + ("weekday".equals(m.group("which")) ? "1-5" : "0,6");
        }
        if ((m = MONTHLY.matcher(text)).matches()) {
            return time(m.group("time"), when) + " " + dayOfMonth(m.group("n"), m.group("ord"), when) + " * *";
        }
        if ((m = WEEKLY.matcher(text)).matches()) {
            Integer day = DAYS.get(m.group("day"));
            if (day == null) {
                day = DAYS.get(m.group("day") + "s"); // "every tues" would lose its "s" to the plural rule
            }
            if (day != null) {
                return time(m.group("time"), when) + " * * " + day;
            }
        }
        throw new CronSyntaxException("cannot read the schedule '" + when + "'; write it like: "
                + String.join(" | ", EXAMPLES) + " — or use `schedule:` with a Jenkins cron spec such as 'H 3 * * *'");
    }

    /** Digits as a number; too many of them (no int) is a number out of every range, said as such by the caller. */
    private static int number(String digits) {
        return digits.length() > 6 ? 1_000_000 : Integer.parseInt(digits);
    }

    private static String interval(String count, String unit, String when) throws CronSyntaxException {
        int n = count == null ? 1 : number(count);
        boolean minutes = unit.startsWith("minute");
        int whole = minutes ? 60 : 24;
        if (n < 1 || whole % n != 0) {
            List<Integer> divisors = minutes ? List.of(1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30)
                    : List.of(1, 2, 3, 4, 6, 8, 12);
            throw new CronSyntaxException("'" + when + "' cannot be a cron schedule: the interval must divide "
                    + (minutes ? "an hour" : "a day") + " evenly; use one of " + divisors + " " + unit
                    + (minutes ? "" : ", or `every day at ...`"));
        }
        if (minutes) {
            return n == 1 ? "* * * * *" : "H/" + n + " * * * *";
        }
        return n == 1 ? "H * * * *" : "H H/" + n + " * * *";
    }

    private static String dayOfMonth(String number, String ordinal, String when) throws CronSyntaxException {
        if (number == null && ordinal == null) {
            return "H";
        }
        String digits = number != null ? number : "first".equals(ordinal) ? "1" : ordinal.replaceAll("\\D", "");
        int day = number(digits);
        if (day < 1 || day > 31) {
            throw new CronSyntaxException("'" + when + "': day " + day + " of a month does not exist; use 1-31"
                    + " (days 29-31 are skipped in months without them)");
        }
        return Integer.toString(day);
    }

    /** "minute hour" for a time of day, or hashed "H H" when no time is given. */
    private static String time(String text, String when) throws CronSyntaxException {
        if (text == null) {
            return "H H";
        }
        String t = text.trim();
        if (t.equals("noon")) {
            return "0 12";
        }
        if (t.equals("midnight")) {
            return "0 0";
        }
        Matcher m = TIME.matcher(t);
        if (!m.matches()) {
            throw new CronSyntaxException("'" + when + "': cannot read the time '" + text
                    + "'; write it as 10:00 AM, 10am, 22:30, noon or midnight");
        }
        int hour = Integer.parseInt(m.group("h"));
        int minute = m.group("m") == null ? 0 : Integer.parseInt(m.group("m"));
        String ampm = m.group("ampm");
        if (ampm != null) {
            if (hour < 1 || hour > 12) {
                throw new CronSyntaxException("'" + when + "': " + text + " is not a time; with AM/PM the hour"
                        + " is 1-12");
            }
            boolean pm = ampm.startsWith("p");
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59) {
            throw new CronSyntaxException("'" + when + "': " + text + " is not a time of day; hours are 0-23"
                    + " and minutes 00-59");
        }
        return minute + " " + hour;
    }
}
