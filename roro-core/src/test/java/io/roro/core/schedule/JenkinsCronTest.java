package io.roro.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JenkinsCronTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZonedDateTime START = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, UTC); // a Thursday

    private static List<ZonedDateTime> runs(String spec, String job, int count) throws CronSyntaxException {
        return JenkinsCron.parse(spec).nextRuns(job, START, UTC, count);
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * *", "H * * * *", "H H(0-7) * * 1-5", "H/15 * * * *", "0 0,12 1 */2 *",
        "H(0-29)/10 * * * *", "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually",
        "0 3 * * 7", "# comment\nH 3 * * *", "TZ=Europe/Berlin\nH 3 * * *\nH 15 * * *", "5 4 * * *\n\n"})
    void acceptsJenkinsSyntax(String spec) throws Exception {
        assertThat(runs(spec, "p/t", 2)).hasSize(2);
    }

    @Test
    void fixedScheduleRunsAtTheGivenTimes() throws Exception {
        assertThat(runs("30 9 * * 1", "p/t", 3)).containsExactly(
                ZonedDateTime.of(2026, 1, 5, 9, 30, 0, 0, UTC),
                ZonedDateTime.of(2026, 1, 12, 9, 30, 0, 0, UTC),
                ZonedDateTime.of(2026, 1, 19, 9, 30, 0, 0, UTC));
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatchAsInJenkins() throws Exception {
        // Vixie cron would run on every 13th and every Friday; Jenkins only on Friday the 13th.
        List<ZonedDateTime> runs = runs("0 0 13 * 5", "p/t", 2);
        assertThat(runs).allSatisfy(t -> {
            assertThat(t.getDayOfMonth()).isEqualTo(13);
            assertThat(t.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        });
        assertThat(runs.get(0)).isEqualTo(ZonedDateTime.of(2026, 2, 13, 0, 0, 0, 0, UTC));
    }

    @Test
    void sevenIsSunday() throws Exception {
        assertThat(runs("0 3 * * 7", "p/t", 1).get(0).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void hashIsStablePerJobAndSpreadsAcrossJobs() throws Exception {
        List<ZonedDateTime> first = runs("H H * * *", "credit-risk/retrain", 3);
        assertThat(runs("H H * * *", "credit-risk/retrain", 3)).isEqualTo(first);
        Set<Integer> minutes = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            minutes.add(runs("H * * * *", "project-" + i + "/retrain", 1).get(0).getMinute());
        }
        assertThat(minutes).as("40 jobs with H should not all start at the same minute").hasSizeGreaterThan(10);
    }

    @Test
    void hashedStepsKeepTheirSpacing() throws Exception {
        List<ZonedDateTime> runs = runs("H/15 * * * *", "p/t", 4);
        int offset = runs.get(0).getMinute();
        assertThat(offset).isBetween(0, 14);
        assertThat(runs).extracting(ZonedDateTime::getMinute)
                .containsExactly(offset, offset + 15, offset + 30, offset + 45);
    }

    @Test
    void hashedRangeStaysInsideTheRange() throws Exception {
        for (int i = 0; i < 30; i++) {
            ZonedDateTime run = runs("H(0-29) H(2-4) * * *", "job-" + i, 1).get(0);
            assertThat(run.getMinute()).isBetween(0, 29);
            assertThat(run.getHour()).isBetween(2, 4);
        }
        for (int i = 0; i < 30; i++) {
            assertThat(runs("H H H * *", "job-" + i, 1).get(0).getDayOfMonth()).isBetween(1, 28);
        }
    }

    @Test
    void reproducesJenkinsHashForAKnownSeed() {
        // Jenkins' Hash: MD5 of the seed folded to 8 bytes, then java.util.Random. Computed independently here.
        var hash = JenkinsHash.from("credit-risk/retrain");
        Random expected;
        try {
            byte[] d = MessageDigest.getInstance("MD5")
                    .digest("credit-risk/retrain".getBytes(StandardCharsets.UTF_8));
            long seed = ByteBuffer.wrap(new byte[] {
                (byte) (d[0] ^ d[8]), (byte) (d[1] ^ d[9]), (byte) (d[2] ^ d[10]), (byte) (d[3] ^ d[11]),
                (byte) (d[4] ^ d[12]), (byte) (d[5] ^ d[13]), (byte) (d[6] ^ d[14]), (byte) (d[7] ^ d[15])}).getLong();
            expected = new Random(seed);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        for (int n : new int[] {60, 24, 28, 12, 7}) {
            assertThat(hash.applyAsInt(n)).isEqualTo(expected.nextInt(n));
        }
    }

    @Test
    void timeZoneLineAppliesToTheRuns() throws Exception {
        JenkinsCron cron = JenkinsCron.parse("TZ=America/New_York\n0 9 * * *");
        assertThat(cron.zone()).contains(ZoneId.of("America/New_York"));
        ZonedDateTime run = cron.nextRuns("p/t", START, UTC, 1).get(0);
        assertThat(run.getZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(run.getHour()).isEqualTo(9);
        assertThat(run.withZoneSameInstant(UTC).getHour()).isEqualTo(14);
    }

    @Test
    void daylightSavingGapSkipsTheRunLikeJenkins() throws Exception {
        // 02:30 does not exist in Berlin on 2026-03-29: Jenkins checks each existing minute, so that day has no run.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime after = ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, berlin);
        List<ZonedDateTime> runs = JenkinsCron.parse("TZ=Europe/Berlin\n30 2 * * *").nextRuns("p/t", after, UTC, 2);
        assertThat(runs).containsExactly(ZonedDateTime.of(2026, 3, 30, 2, 30, 0, 0, berlin),
                ZonedDateTime.of(2026, 3, 31, 2, 30, 0, 0, berlin));
    }

    @Test
    void severalLinesAreOrTogether() throws Exception {
        assertThat(runs("0 6 * * *\n0 18 * * *", "p/t", 3)).extracting(ZonedDateTime::getHour)
                .containsExactly(6, 18, 6);
    }

    @Test
    void runsAreStrictlyAfterTheStart() throws Exception {
        assertThat(JenkinsCron.parse("0 0 * * *").nextRuns("p/t", START, UTC, 1).get(0))
                .isEqualTo(START.plusDays(1));
    }

    @Test
    void leapDayRunsOnlyInLeapYears() throws Exception {
        assertThat(runs("0 0 29 2 *", "p/t", 1)).containsExactly(ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, UTC));
    }

    @Test
    void rejectsWhatJenkinsRejects() {
        assertThatThrownBy(() -> JenkinsCron.parse("")).hasMessageContaining("no schedule given");
        assertThatThrownBy(() -> JenkinsCron.parse("1 2 3 4 5 6")).hasMessageContaining("has 6 fields");
        assertThatThrownBy(() -> JenkinsCron.parse("0 0 0 * *")).hasMessageContaining("day of month: 0");
        assertThatThrownBy(() -> JenkinsCron.parse("0 0 * 13 *")).hasMessageContaining("month: 13");
        assertThatThrownBy(() -> JenkinsCron.parse("0 0 * * 8")).hasMessageContaining("day of week: 8");
        assertThatThrownBy(() -> JenkinsCron.parse("5/10 * * * *")).hasMessageContaining("steps need a range");
        assertThatThrownBy(() -> JenkinsCron.parse("0 0 * * MON")).hasMessageContaining("no month or day names");
        assertThatThrownBy(() -> JenkinsCron.parse("TZ=Nowhere/City\n@daily")).hasMessageContaining(
                "unknown time zone 'Nowhere/City'");
        assertThatThrownBy(() -> JenkinsCron.parse("@daily\nx y")).hasMessageContaining("line 2: ");
        assertThatThrownBy(() -> JenkinsCron.parse("H(5) * * * *")).hasMessageContaining("cannot read range");
    }
}
