package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleCommandTest {

    @Test
    void showsCronTimezoneAndNextRunsOfTheExample() {
        CliRun run = CliRun.of("schedule", "../examples/credit-risk", "--from", "2026-03-27T12:00Z");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                task retrain (Jenkins job roro-retrain/credit-risk/retrain)
                  schedule:  every day at 10:00 AM
                  cron:      0 10 * * *
                  timezone:  Europe/Berlin
                  next runs:
                    2026-03-28 Sat 10:00 CET
                    2026-03-29 Sun 10:00 CEST
                    2026-03-30 Mon 10:00 CEST
                    2026-03-31 Tue 10:00 CEST
                    2026-04-01 Wed 10:00 CEST
                """);
    }

    @Test
    void jsonHasTheJenkinsSpecAndRuns(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("roro.yml"), """
                project: p
                tasks:
                  - {name: often, command: x, when: every 15 minutes}
                  - {name: manual, command: y}
                """);
        CliRun run = CliRun.of("schedule", dir.toString(), "--json", "--count", "3", "--from", "2026-01-01T00:00Z",
                "--zone", "UTC");
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode often = json.get("tasks").get(0);
        assertThat(often.get("jenkinsSpec").asText()).isEqualTo("H/15 * * * *");
        assertThat(often.get("job").asText()).isEqualTo("roro-retrain/p/often");
        assertThat(often.get("nextRuns")).hasSize(3);
        int first = Integer.parseInt(often.get("nextRuns").get(0).asText().substring(14, 16));
        int second = Integer.parseInt(often.get("nextRuns").get(1).asText().substring(14, 16));
        assertThat(second - first).isEqualTo(15);
        assertThat(json.get("tasks").get(1).get("schedule").isNull()).isTrue();
    }

    @Test
    void invalidSpecExitsTwo(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("roro.yml"), "project: p\ntasks:\n  - {name: t, command: x, when: sometimes}\n");
        CliRun run = CliRun.of("schedule", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(":3:").contains("tasks[0].when");
    }
}
