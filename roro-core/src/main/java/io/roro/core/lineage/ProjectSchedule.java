package io.roro.core.lineage;

import io.roro.core.schedule.CronSyntaxException;
import io.roro.core.schedule.JenkinsCron;
import io.roro.core.schedule.TaskSchedule;
import java.time.ZoneId;
import java.util.Optional;
import org.bson.Document;

/**
 * A task of a project that runs on a schedule, as roro.yml said when the project was last registered: what the
 * project's pages show with its next runs (the Jenkins retrain job that runs it is named by the task).
 *
 * @param serve the service its new version goes to, if any
 */
public record ProjectSchedule(String task, TaskSchedule schedule, Optional<String> serve) {

    Document toDocument() {
        Document d = new Document("task", task).append("cron", schedule.cron()).append("written", schedule.written());
        Docs.put(d, "timezone", schedule.zoneName().or(() -> schedule.timezone().map(ZoneId::getId)));
        Docs.put(d, "serve", serve);
        return d;
    }

    static ProjectSchedule from(Document d) {
        Optional<String> zone = Docs.string(d, "timezone");
        return new ProjectSchedule(d.getString("task"), new TaskSchedule(d.getString("cron"),
                zone.map(ProjectSchedule::zone), d.getString("written"), zone), Docs.string(d, "serve"));
    }

    /** As the schedule was checked when recorded: a Jenkins name (EST too), else an id java.time reads. */
    private static ZoneId zone(String name) {
        try {
            return JenkinsCron.zone(name);
        } catch (CronSyntaxException e) {
            return ZoneId.of(name); // an offset recorded by an older roro (-05:00)
        }
    }
}
