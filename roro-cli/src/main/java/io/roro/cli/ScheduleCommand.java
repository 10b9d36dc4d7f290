package io.roro.cli;

import io.roro.core.schedule.TaskSchedule;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import io.roro.core.spec.TaskSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Show when each task of roro.yml runs: the Jenkins cron spec its job gets, the time zone,"
                + " and the next run times (H resolved as Jenkins resolves it for the job roro-retrain/PROJECT/TASK)."})
final class ScheduleCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd EEE HH:mm zzz");

    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|FILE", defaultValue = ".",
            description = "The project directory or its roro.yml (default: the current directory).")
    Path path;
    @Option(names = {"-C", "--project"}, paramLabel = "DIR", description = "The project directory, as other commands"
            + " take it (instead of DIR|FILE).")
    Path projectDir;
    @Option(names = "--count", defaultValue = "5", description = "How many run times to show (default: 5).")
    int count;
    @Option(names = "--from", description = "Show runs after this time (ISO-8601, e.g. 2026-01-01T00:00Z);"
            + " default: now.")
    ZonedDateTime from;
    @Option(names = "--zone", description = "Zone for tasks without a timezone (default: this machine's).")
    ZoneId zone;

    @Override
    public Integer call() {
        ProjectSpec project;
        try {
            project = ProjectSpecReader.read(projectDir != null ? projectDir : path);
        } catch (SpecException e) {
            e.problems().forEach(p -> spec.commandLine().getErr().println(p.format()));
            return RoroCommand.INVALID;
        }
        ZoneId defaultZone = zone != null ? zone : ZoneId.systemDefault();
        ZonedDateTime after = from != null ? from : ZonedDateTime.now(defaultZone);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TaskSpec task : project.tasks()) {
            rows.add(row(project, task, after, defaultZone));
        }
        if (json.enabled) {
            json.print(spec, Map.of("project", project.project(), "tasks", rows));
        } else {
            print(rows);
        }
        return 0;
    }

    private Map<String, Object> row(ProjectSpec project, TaskSpec task, ZonedDateTime after, ZoneId defaultZone) {
        Map<String, Object> row = new LinkedHashMap<>();
        String job = TaskSchedule.jobFullName(project.project(), task.name());
        row.put("task", task.name());
        row.put("job", job);
        if (task.schedule().isEmpty()) {
            row.put("schedule", null);
            return row;
        }
        TaskSchedule schedule = task.schedule().get();
        row.put("schedule", schedule.written());
        row.put("cron", schedule.cron());
        row.put("timezone", schedule.timezone().map(ZoneId::getId).orElse(null));
        row.put("jenkinsSpec", schedule.jenkinsSpec());
        row.put("nextRuns", schedule.nextRuns(job, after, defaultZone, count).stream()
                .map(t -> t.toOffsetDateTime().toString()).toList());
        return row;
    }

    private void print(List<Map<String, Object>> rows) {
        PrintWriter out = spec.commandLine().getOut();
        if (rows.isEmpty()) {
            out.println("no tasks in roro.yml");
        }
        for (Map<String, Object> row : rows) {
            out.println("task " + row.get("task") + " (Jenkins job " + row.get("job") + ")");
            if (row.get("schedule") == null) {
                out.println("  manual: no when: or schedule:, runs only when started");
                continue;
            }
            out.println("  schedule:  " + row.get("schedule"));
            out.println("  cron:      " + row.get("cron"));
            out.println("  timezone:  " + (row.get("timezone") == null ? "none: the Jenkins controller's zone;"
                    + " shown here in " + zoneOf(row).getId() + (zone != null ? " (--zone)" : " (this machine's;"
                    + " --zone for the controller's)") : row.get("timezone")));
            out.println("  next runs:");
            @SuppressWarnings("unchecked")
            List<String> runs = (List<String>) row.get("nextRuns");
            if (runs.isEmpty()) {
                out.println("    never (no matching date in the next five years)");
            }
            runs.forEach(r -> out.println("    " + TIME.format(ZonedDateTime.parse(r)
                    .withZoneSameInstant(zoneOf(row)))));
        }
    }

    private ZoneId zoneOf(Map<String, Object> row) {
        Object tz = row.get("timezone");
        return tz != null ? ZoneId.of(tz.toString()) : zone != null ? zone : ZoneId.systemDefault();
    }
}
