package io.roro.core.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * When a task runs by itself: one Jenkins cron spec (translated from English when the user wrote {@code when:}),
 * optionally in a time zone. {@link #jenkinsSpec()} is exactly what the generated Jenkins job's timer trigger gets.
 *
 * @param written  what the user wrote ({@code every day at 10:00 AM} or the cron spec itself)
 * @param zoneName the zone as written, what the job's {@code TZ=} line says: Jenkins' old ids such as EST are
 *                 fixed offsets to java.time, whose id ({@code -05:00}) Jenkins refuses
 */
public record TaskSchedule(String cron, Optional<ZoneId> timezone, String written, Optional<String> zoneName) {

    /** {@link #of(Optional, Optional, Optional, Optional)} for a job whose name is not known. */
    public static TaskSchedule of(Optional<String> when, Optional<String> schedule, Optional<String> timezone)
            throws CronSyntaxException {
        return of(when, schedule, timezone, Optional.empty());
    }

    /**
     * From {@code schedule:} (Jenkins cron) or {@code when:} (English), with an optional IANA {@code timezone}, for
     * the Jenkins job {@code jobFullName} (its name decides what {@code H} is; any name when unknown).
     */
    public static TaskSchedule of(Optional<String> when, Optional<String> schedule, Optional<String> timezone,
            Optional<String> jobFullName) throws CronSyntaxException {
        Optional<ZoneId> zone = timezone.isPresent() ? Optional.of(JenkinsCron.zone(timezone.get())) : Optional.empty();
        Optional<String> zoneName = timezone;
        String cron;
        String written;
        if (when.isPresent()) {
            written = when.get();
            cron = EnglishSchedule.toCron(written);
        } else {
            written = schedule.orElseThrow();
            JenkinsCron parsed = JenkinsCron.parse(written);
            if (parsed.zone().isPresent()) {
                if (zone.isPresent()) {
                    throw new CronSyntaxException("the time zone is given twice, as TZ= in the schedule and as"
                            + " `timezone:`; keep one");
                }
                zone = parsed.zone();
                zoneName = Optional.of(written.lines().findFirst().orElseThrow().trim().substring("TZ=".length()));
                cron = written.substring(written.indexOf('\n') + 1).trim();
            } else {
                cron = written.trim();
            }
        }
        if (zone.isPresent()) {
            cron = withoutTokens(cron);
        }
        TaskSchedule result = new TaskSchedule(cron, zone, written, zoneName);
        // a spec like "0 0 30 2 *" (30 February) never fires: say so now, not never (with the job's own H values)
        if (!JenkinsCron.parse(result.jenkinsSpec()).runsEver(jobFullName.orElse("roro"))) {
            throw new CronSyntaxException("'" + written + "' never runs: no date matches all five fields"
                    + jobFullName.map(j -> " (with H as it is for the job " + j + ")").orElse(""));
        }
        return result;
    }

    /**
     * Jenkins checks {@code @daily}-style lines in the controller's zone even under a {@code TZ=} line; their five
     * fields (the same {@code H} values) are checked in the {@code TZ=} zone. So with a zone, the job gets the
     * fields: it runs when roro says, in the zone the user gave.
     */
    private static String withoutTokens(String cron) throws CronSyntaxException {
        StringBuilder out = new StringBuilder();
        for (String line : cron.split("\\r?\\n")) {
            String trimmed = line.trim();
            out.append(out.length() > 0 ? "\n" : "")
                    .append(CronLineParser.isAlias(trimmed) ? CronLineParser.expansion(trimmed) : line);
        }
        return out.toString();
    }

    /** The spec for a Jenkins TimerTrigger, with a first {@code TZ=} line when a zone is set. */
    public String jenkinsSpec() {
        return zoneName.or(() -> timezone.map(ZoneId::getId)).map(z -> "TZ=" + z + "\n").orElse("") + cron;
    }

    /**
     * The next run times of the Jenkins job {@code jobFullName} (its {@code H} values depend on that name),
     * in the task's zone or {@code defaultZone}.
     */
    public List<ZonedDateTime> nextRuns(String jobFullName, ZonedDateTime after, ZoneId defaultZone, int count) {
        try {
            return JenkinsCron.parse(jenkinsSpec()).nextRuns(jobFullName, after, defaultZone, count);
        } catch (CronSyntaxException e) {
            throw new IllegalStateException("checked when the schedule was made: " + jenkinsSpec(), e);
        }
    }

    /**
     * The top folder roro makes for retrain jobs. A folder of its own, because the project's name is usually taken
     * at the top already: by the project's own (multibranch) job, as in the shipped JCasC setup.
     */
    public static final String RETRAIN_FOLDER = "roro-retrain";

    /** The folder of a project's retrain jobs. */
    public static String projectFolderFullName(String project) {
        return RETRAIN_FOLDER + "/" + project;
    }

    /** The Jenkins job that runs a task (its H values are hashed from this name, as Jenkins does). */
    public static String jobFullName(String project, String task) {
        return projectFolderFullName(project) + "/" + task;
    }
}
