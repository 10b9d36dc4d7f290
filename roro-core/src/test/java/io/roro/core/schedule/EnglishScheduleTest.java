package io.roro.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnglishScheduleTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "every day at 10:00 AM            | 0 10 * * *",
        "every day at 20:00               | 0 20 * * *",
        "Every Day At 9:05 pm             | 5 21 * * *",
        "every day at 12:00 AM            | 0 0 * * *",
        "every day at 12:30 PM            | 30 12 * * *",
        "every day at 7am                 | 0 7 * * *",
        "every day at noon                | 0 12 * * *",
        "every day at midnight            | 0 0 * * *",
        "every day                        | H H * * *",
        "every week on sunday at 10:00 AM | 0 10 * * 0",
        "every week on Friday at 18:15    | 15 18 * * 5",
        "every monday at 9:30             | 30 9 * * 1",
        "every mondays at 9:30            | 30 9 * * 1",
        "every tues at 9:30               | 30 9 * * 2",
        "every saturday                   | H H * * 6",
        "every weekday at 7:30            | 30 7 * * 1-5",
        "every weekend at 8:00            | 0 8 * * 0,6",
        "every month on first day at 10:00 AM | 0 10 1 * *",
        "every month on day 2 at 10:00 AM | 0 10 2 * *",
        "every month on the 15th at 6:00  | 0 6 15 * *",
        "every month                      | H H H * *",
        "every hour                       | H * * * *",
        "every minute                     | * * * * *",
        "every 15 minutes                 | H/15 * * * *",
        "every 1 minute                   | * * * * *",
        "every 6 hours                    | H H/6 * * *",
        "every 12 hours                   | H H/12 * * *",
        "'  every   day  at  10:00  '     | 0 10 * * *",
    })
    void translatesToJenkinsCron(String when, String cron) throws Exception {
        String translated = EnglishSchedule.toCron(when);
        assertThat(translated).isEqualTo(cron);
        JenkinsCron.parse(translated); // and Jenkins accepts it
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "every fortnight            | cannot read the schedule",
        "daily                      | cannot read the schedule",
        "every day at 24:00         | not a time of day",
        "every day at 0 PM          | with AM/PM the hour is 1-12",
        "every day at 10:60         | not a time of day",
        "every day at ten           | cannot read the time",
        "every 7 minutes            | [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30]",
        "every 0 minutes            | must divide an hour evenly",
        "every 5 hours              | [1, 2, 3, 4, 6, 8, 12]",
        "every month on day 0       | does not exist",
        "every month on day 40 at 1:00 | does not exist",
        "every blursday at 10:00    | cannot read the schedule",
    })
    void explainsWhatIsUnderstood(String when, String message) {
        assertThatThrownBy(() -> EnglishSchedule.toCron(when))
                .isInstanceOf(CronSyntaxException.class)
                .hasMessageContaining(message);
    }
}
