package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.MetricsText;
import io.roro.core.lineage.record.ProjectSchedule;
import io.roro.core.lineage.record.SeriesPage;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.schedule.TaskSchedule;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A project's page: its services (in the order people count, 50 a page), its scheduled tasks with their next runs,
 * and its trainings (20 a page, filtered by state).
 */
final class ProjectPage {
    private final Lineage lineage;

    ProjectPage(Lineage lineage) {
        this.lineage = lineage;
    }

    /** Trainings on a project page at once; the next ones are a link away. */
    private static final int TRAININGS_PER_PAGE = 20;

    /** A page number asked for ({@code services=3}); the first for none, a 400 for what is not one. */
    static int pageNumber(String asked) {
        if (asked == null || asked.isBlank()) {
            return 1;
        }
        if (!asked.matches("[1-9][0-9]{0,5}")) {
            throw new UiBadRequest("a page is a number from 1, not " + asked);
        }
        return Integer.parseInt(asked);
    }

    /** The training state a {@code state=} asks for; empty for none or "all", a 400 for one there is not. */
    static Optional<TrainingState> trainingState(String asked) {
        if (asked == null || asked.isBlank() || asked.equals("all")) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrainingState.valueOf(asked.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UiBadRequest("state is one of " + Arrays.toString(TrainingState.values()) + ", not " + asked, e);
        }
    }

    UiPages.Page project(String project, Optional<TrainingState> state, Optional<String> after) {
        return project(project, state, after, OptionalLong.empty(), 1);
    }

    /** Trainings a page filtered by state reads at most. */
    static final long SEARCHED = 500;

    /** Services on a project page at once, in the order people count (svc-2 before svc-10). */
    private static final int SERVICES_PER_PAGE = 50;

    UiPages.Page project(String project, Optional<TrainingState> state, Optional<String> after, OptionalLong before,
            int servicesPage) {
        List<Map<String, Object>> services = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>(lineage.deployments().deployments(Optional.of(project)));
        if (deployments.isEmpty() && !lineage.projects().exists(project)) {
            throw new UiNotFound("no project " + project); // not an empty page that looks like one
        }
        deployments.sort(Comparator.comparing(Deployment::service, NaturalOrder.INSTANCE));
        int pages = Math.max(1, (deployments.size() + SERVICES_PER_PAGE - 1) / SERVICES_PER_PAGE);
        int shown = Math.min(Math.max(1, servicesPage), pages);
        for (Deployment d : deployments.subList((shown - 1) * SERVICES_PER_PAGE,
                Math.min(deployments.size(), shown * SERVICES_PER_PAGE))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("project", project);
            row.put("service", d.service());
            row.put("state", d.state().name());
            row.put("version", d.modelVersion().orElse(null));
            // a canary or shadow beside it, with the shares users get
            d.candidate().filter(c -> d.isLive()).ifPresent(c -> {
                row.put("share", c.mode() == Candidate.Mode.CANARY ? " (" + c.liveShare()
                        + "%)" : "");
                row.put("candidate", c.describe());
                row.put("candidateVersion", c.modelVersion().orElse(null));
            });
            row.put("target", d.target());
            row.put("endpoint", d.endpoint().orElse("-"));
            row.put("updated", ShownTime.of(d.updatedAt()));
            services.add(row);
        }
        List<Map<String, Object>> trainings = new ArrayList<>();
        // by state, a page reads at most SEARCHED trainings (one state may be rare), saying where the older ones are
        SeriesPage<TrainingRun> found = lineage.trainings().trainings(project, state, after, before,
                TRAININGS_PER_PAGE + 1, state.isEmpty() ? Long.MAX_VALUE : SEARCHED);
        List<TrainingRun> page = found.items();
        for (TrainingRun t : page.subList(0, Math.min(TRAININGS_PER_PAGE, page.size()))) {
            trainings.add(Map.of("id", t.id(), "name", t.name(), "state", t.state().name(), "progress",
                    Math.round(t.progress() * 100) + "%", "metrics", t.metrics().isEmpty() ? "-"
                            : MetricsText.of(t.metrics()), "started", t.startedAt().map(ShownTime::of).orElse("-")));
        }
        List<Map<String, Object>> schedules = new ArrayList<>();
        ZonedDateTime now = ZonedDateTime.now();
        for (ProjectSchedule s : lineage.projects().schedules(project)) {
            String job = TaskSchedule.jobFullName(project, s.task());
            schedules.add(Map.of("task", s.task(), "written", s.schedule().written(), "cron",
                    s.schedule().jenkinsSpec().replace("\n", " "), "job", job, "next", String.join(", ",
                            s.schedule().nextRuns(job, now, ZoneId.systemDefault(), 3).stream()
                                    .map(t -> ShownTime.of(t.toOffsetDateTime())).toList()),
                    "serve", s.serve().orElse("-")));
        }
        String filter = state.map(s -> "state=" + s.name() + "&").orElse("");
        List<Map<String, Object>> states = new ArrayList<>();
        states.add(Map.of("name", "all", "href", "?", "current", state.isEmpty()));
        for (TrainingState s : TrainingState.values()) {
            states.add(Map.of("name", s.name(), "href", "?state=" + s.name(), "current", state.equals(Optional.of(s))));
        }
        Map<String, Object> scope = UiPages.scope("project " + project, "services", services, "trainings", trainings,
                "schedules", schedules, "trainingStates", states);
        if (pages > 1) {
            List<Map<String, Object>> servicePages = new ArrayList<>();
            for (int p = 1; p <= pages; p++) {
                servicePages.add(Map.of("number", p, "href", "?services=" + p, "current", p == shown));
            }
            scope.put("servicePages", servicePages);
            scope.put("servicesPaged", Boolean.TRUE);
        }
        found.resumeBelow().ifPresent(below -> scope.put("olderTrainings", "?" + filter + "tbefore=" + below));
        if (page.size() > TRAININGS_PER_PAGE) { // one more than shown: there is a next page
            scope.put("nextTrainings", "?" + filter + "after=" + UiLinks.query(trainings.get(trainings.size() - 1)
                    .get("id").toString()));
        }
        return new UiPages.Page("project", scope);
    }
}
