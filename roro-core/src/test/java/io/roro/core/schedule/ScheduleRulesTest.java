package io.roro.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A schedule that never runs is refused, over a whole calendar cycle and with the job's own H values; one that
 * runs rarely is not; numbers Jenkins cannot read are refused as it refuses them.
 */
class ScheduleRulesTest {
    private static TaskSchedule cron(String spec, String job) throws CronSyntaxException {
        return TaskSchedule.of(Optional.empty(), Optional.of(spec), Optional.empty(), Optional.of(job));
    }

    @Test
    void rareButRealDatesAreAcceptedAndImpossibleOnesRefused() {
        assertThatCode(() -> cron("0 0 29 2 1-5", "roro-retrain/p/t")).as("2028-02-29 is a Tuesday")
                .doesNotThrowAnyException();
        assertThatCode(() -> cron("0 0 29 2 1", "roro-retrain/p/t")).as("a Monday 29 February: 2044")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> cron("0 0 30 2 *", "roro-retrain/p/t")).hasMessageContaining("never runs");
    }

    @Test
    void whatHResolvesToIsTheJobsOwn() throws Exception {
        // H(30-31)/2 in September: 30 for some jobs (runs), 31 for others (never)
        List<String> runs = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String job = "roro-retrain/p/t" + i;
            try {
                cron("0 0 H(30-31)/2 9 *", job);
                runs.add(job);
            } catch (CronSyntaxException e) {
                assertThat(e.getMessage()).contains("never runs").contains("for the job " + job);
                never.add(job);
            }
        }
        assertThat(runs).isNotEmpty();
        assertThat(never).isNotEmpty();
        for (String job : runs) {
            assertThat(JenkinsCron.parse("0 0 H(30-31)/2 9 *").nextRuns(job,
                    ZonedDateTime.parse("2026-01-01T00:00Z"), ZoneOffset.UTC, 1))
                    .singleElement().satisfies(t -> assertThat(t.getDayOfMonth()).isEqualTo(30));
        }
    }

    @Test
    void numbersJenkinsCannotReadAreRefused() {
        assertThatThrownBy(() -> cron("*/2147483648 * * * *", "roro-retrain/p/t"))
                .hasMessageContaining("too large a number for Jenkins");
        assertThatThrownBy(() -> cron("H/99999999999 * * * *", "roro-retrain/p/t"))
                .hasMessageContaining("too large a number for Jenkins");
    }
}
