package io.roro.core.lineage.record;

import io.roro.core.schedule.TaskSchedule;
import java.util.Optional;

/**
 * A task of a project that runs on a schedule, as roro.yml said when the project was last registered: what the
 * project's pages show with its next runs (the Jenkins retrain job that runs it is named by the task).
 *
 * @param serve the service its new version goes to, if any
 */
public record ProjectSchedule(String task, TaskSchedule schedule, Optional<String> serve) {
}
