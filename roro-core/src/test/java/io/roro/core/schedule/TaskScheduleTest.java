package io.roro.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskScheduleTest {
    @Test
    void englishWithTimezoneBecomesOneJenkinsSpec() throws Exception {
        TaskSchedule s = TaskSchedule.of(Optional.of("every day at 10:00 AM"), Optional.empty(),
                Optional.of("Europe/Berlin"));
        assertThat(s.jenkinsSpec()).isEqualTo("TZ=Europe/Berlin\n0 10 * * *");
        ZonedDateTime after = ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("UTC"));
        ZonedDateTime next = s.nextRuns("credit-risk/retrain", after, ZoneId.of("UTC"), 1).get(0);
        assertThat(next.withZoneSameInstant(ZoneId.of("UTC")).getHour()).isEqualTo(8); // CEST is UTC+2
    }

    @Test
    void cronWithTzLineKeepsItsZone() throws Exception {
        TaskSchedule s = TaskSchedule.of(Optional.empty(), Optional.of("TZ=Asia/Tokyo\nH 3 * * *"), Optional.empty());
        assertThat(s.timezone()).contains(ZoneId.of("Asia/Tokyo"));
        assertThat(s.cron()).isEqualTo("H 3 * * *");
        assertThat(s.jenkinsSpec()).isEqualTo("TZ=Asia/Tokyo\nH 3 * * *");
    }

    /** Jenkins' old ids (EST, MST, HST) are fixed offsets; the job's TZ= line keeps the name Jenkins accepts. */
    @Test
    void oldZoneIdsAsJenkinsAcceptsThem() throws Exception {
        for (String id : new String[] {"EST", "MST", "HST"}) {
            TaskSchedule s = TaskSchedule.of(Optional.empty(), Optional.of("0 3 * * *"), Optional.of(id));
            assertThat(s.jenkinsSpec()).isEqualTo("TZ=" + id + "\n0 3 * * *");
            assertThat(JenkinsCron.parse(s.jenkinsSpec()).zone()).isPresent();
            ZonedDateTime after = ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneId.of("UTC"));
            assertThat(s.nextRuns("roro-retrain/p/t", after, ZoneId.of("UTC"), 1)).hasSize(1);
        }
        TaskSchedule est = TaskSchedule.of(Optional.empty(), Optional.of("0 3 * * *"), Optional.of("EST"));
        ZonedDateTime next = est.nextRuns("roro-retrain/p/t", ZonedDateTime.of(2026, 7, 1, 12, 0, 0, 0,
                ZoneId.of("UTC")), ZoneId.of("UTC"), 1).get(0);
        assertThat(next.withZoneSameInstant(ZoneId.of("UTC")).getHour()).as("EST is UTC-5 all year").isEqualTo(8);
        TaskSchedule tz = TaskSchedule.of(Optional.empty(), Optional.of("TZ=MST\n0 3 * * *"), Optional.empty());
        assertThat(tz.jenkinsSpec()).isEqualTo("TZ=MST\n0 3 * * *");
    }

    @Test
    void withoutZoneTheSpecIsJustTheCron() throws Exception {
        TaskSchedule s = TaskSchedule.of(Optional.empty(), Optional.of("@daily"), Optional.empty());
        assertThat(s.jenkinsSpec()).isEqualTo("@daily");
        assertThat(s.written()).isEqualTo("@daily");
        assertThat(TaskSchedule.jobFullName("credit-risk", "retrain")).isEqualTo("roro-retrain/credit-risk/retrain");
    }
}
