package io.roro.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What `roro schedule` shows is what Jenkins fires. Jenkins' timer asks once a minute whether the wall clock in the
 * spec's zone matches (hudson.triggers.Trigger, CronTab.check); the oracle below does exactly that, minute by
 * minute, and the fast search must agree with it across daylight-saving changes, including half-hour (Lord Howe)
 * and odd-minute (Chatham) ones. Then a table of Jenkins' answers for the cases found to differ before.
 */
class JenkinsFiringTest {
    private static final String JOB = "credit-risk/retrain";
    private static final List<String> ZONES = List.of("Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham",
            "America/New_York", "America/St_Johns", "Asia/Kathmandu", "UTC", "EST");
    private static final List<String> SPECS = List.of("0 3 * * *", "0,45 3 * * *", "30 2 * * *", "45 2 * * *",
            "H/15 * * * *", "*/7 1-3 * * 0", "0 1 * * *", "H H(0-3) * * *", "15 2,3 * * 6,0");

    /** Jenkins: every minute, does the wall clock in the zone match? */
    private static List<Instant> oracle(String cron, ZoneId zone, Instant after, int count) throws Exception {
        long[] table = new CronLineParser(cron, JenkinsHash.from(JOB)).parse();
        List<Instant> runs = new ArrayList<>();
        Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        for (int minutes = 0; runs.size() < count && minutes < 60 * 24 * 40; minutes++, t = t.plusSeconds(60)) {
            LocalDateTime wall = LocalDateTime.ofInstant(t, zone);
            if (bit(table[0], wall.getMinute()) && bit(table[1], wall.getHour()) && bit(table[2], wall.getDayOfMonth())
                    && bit(table[3], wall.getMonthValue()) && bit(table[4], wall.getDayOfWeek().getValue() % 7)) {
                runs.add(t);
            }
        }
        return runs;
    }

    private static boolean bit(long bits, int n) {
        return (bits & (1L << n)) != 0;
    }

    @Test
    @Timeout(120)
    void agreesWithJenkinsMinuteByMinuteAcrossEveryDaylightSavingChange() throws Exception {
        int compared = 0;
        for (String id : ZONES) {
            ZoneId zone = JenkinsCron.zone(id);
            List<Instant> starts = new ArrayList<>();
            var rules = zone.getRules();
            var transition = rules.nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
            for (int i = 0; i < 3 && transition != null; i++) {
                starts.add(transition.getInstant().minus(30, ChronoUnit.HOURS));
                transition = rules.nextTransition(transition.getInstant());
            }
            starts.add(Instant.parse("2026-06-15T12:00:00Z"));
            for (String spec : SPECS) {
                JenkinsCron cron = JenkinsCron.parse("TZ=" + id + "\n" + spec);
                for (Instant start : starts) {
                    List<Instant> shown = cron.nextRuns(JOB, start.atZone(ZoneId.of("UTC")), ZoneId.of("UTC"), 6)
                            .stream().map(ZonedDateTime::toInstant).toList();
                    assertThat(shown).as("%s in %s after %s", spec, id, start)
                            .isEqualTo(oracle(spec, zone, start, 6));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(200);
    }

    @Test
    @Timeout(60) // the search once never returned for Lord Howe
    void lordHoweAndChathamAsJenkinsFiresThem() throws Exception {
        // Lord Howe: clocks go from 02:00 to 02:30 on 2026-10-04. 03:00 and 03:45 exist every day.
        List<ZonedDateTime> howe = JenkinsCron.parse("TZ=Australia/Lord_Howe\n0,45 3 * * *").nextRuns(JOB,
                ZonedDateTime.parse("2026-10-03T12:00:00Z"), ZoneId.of("UTC"), 4);
        assertThat(howe).extracting(t -> t.toLocalDateTime().toString())
                .containsExactly("2026-10-04T03:00", "2026-10-04T03:45", "2026-10-05T03:00", "2026-10-05T03:45");
        // Chatham: clocks go back from 03:45 to 02:45 on 2026-04-05: 03:00 shows twice, so Jenkins fires twice
        List<ZonedDateTime> chatham = JenkinsCron.parse("TZ=Pacific/Chatham\n0 3 * * *").nextRuns(JOB,
                ZonedDateTime.parse("2026-04-04T00:00:00Z"), ZoneId.of("UTC"), 3);
        assertThat(chatham).extracting(t -> t.toOffsetDateTime().toString()).containsExactly(
                "2026-04-05T03:00+13:45", "2026-04-05T03:00+12:45", "2026-04-06T03:00+12:45");
        // and it skips what the clock never shows: 03:00 on 2026-09-27 (02:45 -> 03:45)
        assertThat(JenkinsCron.parse("TZ=Pacific/Chatham\n0 3 * * *").nextRuns(JOB,
                ZonedDateTime.parse("2026-09-26T00:00:00Z"), ZoneId.of("UTC"), 1))
                .extracting(t -> t.toLocalDateTime().toString()).containsExactly("2026-09-28T03:00");
    }

    @Test
    void tokensIgnoreTheTzLineInJenkinsSoTaskSchedulesGiveJenkinsTheFields() throws Exception {
        ZoneId controller = ZoneId.of("UTC");
        ZonedDateTime after = ZonedDateTime.parse("2026-06-01T00:00:00Z");
        // Jenkins' own reading of a raw spec: @daily under TZ= runs at H:H in the controller's zone
        List<ZonedDateTime> raw = JenkinsCron.parse("TZ=Europe/Berlin\n@daily").nextRuns(JOB, after, controller, 1);
        List<ZonedDateTime> inController = JenkinsCron.parse("H H * * *").nextRuns(JOB, after, controller, 1);
        assertThat(raw.get(0).toInstant()).isEqualTo(inController.get(0).toInstant());
        // what roro hands Jenkins for a task: the fields, which Jenkins checks in the task's zone
        TaskSchedule task = TaskSchedule.of(Optional.empty(), Optional.of("@daily"), Optional.of("Europe/Berlin"));
        assertThat(task.jenkinsSpec()).isEqualTo("TZ=Europe/Berlin\nH H * * *");
        ZonedDateTime shown = task.nextRuns(JOB, after, controller, 1).get(0);
        ZonedDateTime inBerlin = JenkinsCron.parse("H H * * *").nextRuns(JOB, after, ZoneId.of("Europe/Berlin"), 1)
                .get(0);
        assertThat(shown.toInstant()).isEqualTo(inBerlin.toInstant());
        assertThat(shown.toInstant()).isNotEqualTo(inController.get(0).toInstant());
    }

    @Test
    void acceptsWhatJenkinsAcceptsAndExplainsWhereRoroIsStricter() throws Exception {
        // accepted by Jenkins 2.541.3, and here
        assertThat(JenkinsCron.parse("TZ=EST\n0 0 * * *").nextRuns(JOB, ZonedDateTime.parse("2026-07-01T12:00:00Z"),
                ZoneId.of("UTC"), 1)).extracting(t -> t.toInstant().toString()).containsExactly("2026-07-02T05:00:00Z");
        assertThat(JenkinsCron.parse("00005 * * * *").nextRuns(JOB, ZonedDateTime.parse("2026-07-01T12:00:00Z"),
                ZoneId.of("UTC"), 1)).extracting(t -> t.getMinute()).containsExactly(5);
        // refused by Jenkins, and here, saying why
        assertThatThrownBy(() -> JenkinsCron.parse("@ daily")).hasMessageContaining("no space after @");
        assertThatThrownBy(() -> JenkinsCron.parse("TZ= Europe/Berlin\n0 3 * * *"))
                .hasMessageContaining("no space after TZ=");
        // accepted by Jenkins, which ignores what follows the token; refused here with what Jenkins would do
        assertThatThrownBy(() -> JenkinsCron.parse("@daily 5"))
                .hasMessageContaining("Jenkins would ignore '5' after @daily");
        // a huge step is read, not overflowed into a loop: every hour at minute 0
        assertThat(JenkinsCron.parse("*/9999999 * * * *").nextRuns(JOB, ZonedDateTime.parse("2026-07-01T12:30:00Z"),
                ZoneId.of("UTC"), 1)).extracting(t -> t.toLocalTime().toString()).containsExactly("13:00");
    }
}
