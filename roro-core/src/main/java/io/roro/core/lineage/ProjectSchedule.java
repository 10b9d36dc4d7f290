package io.roro.core.lineage;

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
        Docs.put(d, "timezone", schedule.timezone().map(ZoneId::getId));
        Docs.put(d, "serve", serve);
        return d;
    }

    static ProjectSchedule from(Document d) {
        return new ProjectSchedule(d.getString("task"), new TaskSchedule(d.getString("cron"),
                Docs.string(d, "timezone").map(ZoneId::of), d.getString("written")), Docs.string(d, "serve"));
    }
}
