package io.roro.core.deploy;

import io.roro.core.contract.DeployResult;
import io.roro.core.Futures;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.contract.VersionState;
import io.roro.core.platform.Platform;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.RolloutPlan;
import io.roro.core.schedule.TaskSchedule;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.spec.TaskSpec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * rorodata's deploy: build the image, register the project and its models, restart every service on the new build
 * with the model version it serves now (the newest one the first time), and report the periodic tasks' schedules.
 */
public final class DeployOperation {
    private final Lineage lineage;
    private final ProjectBuilder builder;
    private final ServeOperation serving;
    private final Platform platform;

    public DeployOperation(Platform platform, Lineage lineage) {
        this(platform, lineage, platform.builder());
    }

    /** @param builder how the image is got, e.g. a build of {@code platform}'s started before lineage opened */
    public DeployOperation(Platform platform, Lineage lineage, ProjectBuilder builder) {
        this.lineage = lineage;
        this.builder = builder;
        this.serving = new ServeOperation(platform, lineage);
        this.platform = platform;
    }

    public DeployResult deploy(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
        Map<String, Optional<String>> versions = new LinkedHashMap<>();
        List<DeployResult.ServiceOutcome> outcomes = new ArrayList<>();
        for (ServiceSpec service : spec.services()) {
            Optional<String> version = currentVersion(spec, service);
            if (service.model().isPresent() && version.isEmpty()) {
                Optional<String> trainer = trainer(spec, service);
                outcomes.add(new DeployResult.ServiceOutcome(service.name(), Optional.empty(), Optional.empty(),
                        Optional.of("no version of " + service.model().get() + " yet; train one (roro train"
                                + trainer.map(t -> " " + t).orElse("") + ") and serve it"), trainer));
            } else {
                versions.put(service.name(), version);
            }
        }
        // what serving needs besides the image (model files, routes) is readied while the image builds
        Map<String, ServeOperation.Prepared> prepared = new ConcurrentHashMap<>();
        CompletableFuture<Void> preparing = CompletableFuture.runAsync(() -> versions.forEach(
                (service, version) -> prepare(spec, service, version, log).ifPresent(p -> prepared.put(service, p))),
                Futures.background());
        ProjectBuilder.Recording recording;
        try {
            recording = builder.buildRecordedBeside(spec, projectDir, origin, log);
        } catch (RuntimeException e) {
            preparing.join();
            prepared.values().forEach(ServeOperation.Prepared::close); // nothing will be served: let others go
            throw e;
        }
        preparing.join();
        BuildVersion build = recording.build();
        // what lineage needs besides the services' records is written while they start (their health wait is
        // most of a deploy), registered with the git state the build read: no git calls competing with the build
        CompletableFuture<Long> recorded = CompletableFuture.supplyAsync(() -> {
            ProjectRegistration.register(spec, build.git(), lineage, origin);
            return lineage.projects().nextDeployNumber(spec.project());
        }, Futures.background());
        try {
            versions.forEach((service, version) -> outcomes.add(restart(spec, service, version,
                    Optional.ofNullable(prepared.get(service)), recording, origin, log)));
            Futures.join(recording.written()); // a deploy of services that all stayed as they were records it too
        } finally {
            prepared.values().forEach(ServeOperation.Prepared::close); // each serve closed its own; not a failed one's
            Futures.settle(recording.written()); // a deploy that fails here still ends its writes before lineage
            Futures.settle(recorded);            // closes
        }
        List<String> order = spec.services().stream().map(ServiceSpec::name).toList();
        outcomes.sort(Comparator.comparingInt(o -> order.indexOf(o.service())));
        return new DeployResult(spec.project(), Futures.join(recorded), build, outcomes, schedules(spec));
    }

    /** The task that trains a service's model: one that serves the service, else the first of the model. */
    private static Optional<String> trainer(ProjectSpec spec, ServiceSpec service) {
        List<TaskSpec> ofModel = spec.tasks().stream().filter(t -> t.model().equals(service.model())).toList();
        return ofModel.stream().filter(t -> t.serve().equals(Optional.of(service.name()))).findFirst()
                .or(() -> ofModel.stream().findFirst()).map(TaskSpec::name);
    }

    /** The periodic tasks with the Jenkins jobs that run them and their next runs. */
    private static List<DeployResult.ScheduledTask> schedules(ProjectSpec spec) {
        List<DeployResult.ScheduledTask> schedules = new ArrayList<>();
        for (TaskSpec task : spec.tasks()) {
            task.schedule().ifPresent(s -> {
                String job = TaskSchedule.jobFullName(spec.project(), task.name());
                schedules.add(new DeployResult.ScheduledTask(task.name(), job, s.jenkinsSpec(),
                        s.nextRuns(job, ZonedDateTime.now(), ZoneId.systemDefault(), 3).stream()
                                .map(t -> t.toOffsetDateTime().toString()).toList(), task.serve().orElse(""),
                        task.serveIf().map(Object::toString).orElse("")));
            });
        }
        return schedules;
    }

    /** The version a service serves now, else the newest published one; empty for services without a model. */
    private Optional<String> currentVersion(ProjectSpec spec, ServiceSpec service) {
        if (service.model().isEmpty()) {
            return Optional.empty();
        }
        return lineage.deployments().deployment(spec.project(), service.name())
                .flatMap(Deployment::modelVersion)
                .filter(v -> lineage.models().modelVersion(v).map(mv -> mv.state() == VersionState.PUBLISHED)
                        .orElse(false))
                .or(() -> lineage.models().latestVersion(service.model().get()).map(ModelVersion::id));
    }

    /** What the service's serve needs besides the image; empty when that fails (serve says why again). */
    private Optional<ServeOperation.Prepared> prepare(ProjectSpec spec, String service, Optional<String> version,
            Consumer<String> log) {
        try {
            return Optional.of(serving.prepare(spec, service, version, Optional.empty(), Optional.empty(), log));
        } catch (RuntimeException e) {
            return Optional.empty(); // said again by the serve that prepares it once more
        }
    }

    private DeployResult.ServiceOutcome restart(ProjectSpec spec, String service, Optional<String> version,
            Optional<ServeOperation.Prepared> prepared, ProjectBuilder.Recording recording, Origin origin,
            Consumer<String> log) {
        BuildVersion build = recording.build();
        Optional<Deployment> live = lineage.deployments().deployment(spec.project(), service)
                .filter(d -> d.isLive() && d.target().equals(platform.name()) && d.candidate().isEmpty());
        boolean changed = live.map(d -> !d.modelVersion().equals(version)
                || !d.buildVersion().equals(Optional.of(build.id()))).orElse(false);
        // roro.yml's rollout: makes a new version of a live service a canary: a code change too
        Optional<RolloutPlan> plan = RolloutPlan.of(spec, service, changed, Optional.empty(), false,
                Optional.empty(), false);
        if (plan.isPresent()) {
            try {
                Futures.join(recording.written());
                // under the lock the preparation took: released here, another deploy could take it and wait
                // for one this deploy holds
                DeploymentEvent started = new CanaryOperation(platform, lineage).start(spec, service, version,
                        plan.get().mode(), plan.get().share(), plan.get().policy().promoteAfter(), () -> build,
                        origin, log, prepared.map(ServeOperation.Prepared::lock).orElseGet(() ->
                                serving.lock(spec.project(), service, log)));
                return new DeployResult.ServiceOutcome(service, started.endpoint(), started.modelVersion(),
                        Optional.empty(), Optional.empty(), started.candidate());
            } catch (ServeException e) {
                return new DeployResult.ServiceOutcome(service, Optional.empty(), version,
                        Optional.of(e.getMessage()));
            }
        }
        try {
            ServeRequest request = new ServeRequest(spec, service, version, Optional.empty(), build, Optional.empty(),
                    origin);
            Optional<DeploymentEvent> event;
            if (prepared.isPresent()) {
                event = serving.serve(request, prepared.get(), recording.written(), log);
            } else {
                Futures.join(recording.written());
                event = serving.serve(request, log);
            }
            Optional<Deployment> now = lineage.deployments().deployment(spec.project(), service);
            return new DeployResult.ServiceOutcome(service,
                    event.flatMap(DeploymentEvent::endpoint).or(() -> now.flatMap(Deployment::endpoint)),
                    event.map(DeploymentEvent::modelVersion).orElseGet(() -> now.flatMap(Deployment::modelVersion)),
                    Optional.empty());
        } catch (ServeException e) {
            return new DeployResult.ServiceOutcome(service, Optional.empty(), version, Optional.of(e.getMessage()));
        }
    }
}
