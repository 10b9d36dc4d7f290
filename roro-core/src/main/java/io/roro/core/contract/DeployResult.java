package io.roro.core.contract;

import java.util.List;
import java.util.Optional;

/** What a deploy did: the build, each service's outcome, and the schedules of the periodic tasks. */
public record DeployResult(String project, long number, BuildVersion build, List<ServiceOutcome> services,
        List<ScheduledTask> schedules) {

    public DeployResult {
        services = List.copyOf(services);
        schedules = List.copyOf(schedules);
    }

    public boolean allServicesLive() {
        return services.stream().allMatch(s -> s.problem().isEmpty());
    }

    /**
     * A service after the deploy: its endpoint and version, or why it is not (re)started.
     *
     * @param trainWith for a service whose model has no version yet: the task of roro.yml that trains one (a
     *                  pipeline trains it and serves the result without naming either)
     */
    public record ServiceOutcome(String service, Optional<String> endpoint, Optional<String> modelVersion,
            Optional<String> problem, Optional<String> trainWith, Optional<Candidate> candidate) {
        public ServiceOutcome(String service, Optional<String> endpoint, Optional<String> modelVersion,
                Optional<String> problem) {
            this(service, endpoint, modelVersion, problem, Optional.empty(), Optional.empty());
        }

        public ServiceOutcome(String service, Optional<String> endpoint, Optional<String> modelVersion,
                Optional<String> problem, Optional<String> trainWith) {
            this(service, endpoint, modelVersion, problem, trainWith, Optional.empty());
        }
    }

    /**
     * A task with a schedule: the Jenkins job that runs it and when.
     *
     * @param serve   the service the task's new version goes to, or empty
     * @param serveIf the condition the new version must meet for that ({@code serve: {if: ...}}), or empty
     */
    public record ScheduledTask(String task, String job, String jenkinsSpec, List<String> nextRuns, String serve,
            String serveIf) {
        public ScheduledTask {
            serveIf = serveIf == null ? "" : serveIf; // an older roro's JSON has none
        }
    }
}
