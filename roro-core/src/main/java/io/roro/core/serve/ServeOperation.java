package io.roro.core.serve;

import io.roro.core.Futures;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.secrets.SecretMask;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServicePlan;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Serves a service on a platform and records it: resolve the model version, let the platform start the new
 * replicas beside the old ones and switch once they are healthy, then record what is live. A version that never
 * gets healthy leaves the old one live (recorded as ROLLED_BACK), or FAILED when nothing served before; an
 * unchanged service records nothing, because nothing changed.
 */
public final class ServeOperation {
    private final Platform platform;
    private final ServiceRuntime runtime;
    private final Lineage lineage;

    public ServeOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.runtime = platform.services();
        this.lineage = lineage;
    }

    /**
     * What serving needs before the image exists: the service, its model version, what is live now, and the
     * platform's preparation (files fetched and verified, the route), all under the service's lock, which it holds
     * until {@link #close()} (a serve of it closes it when done). A deploy prepares while its image builds.
     */
    public record Prepared(ServiceRuntime.PreparedService platform, ServiceRuntime.Lock lock) implements AutoCloseable {
        public ServicePlan plan() {
            return platform.plan();
        }

        /** Lets the next change of the service go ahead. */
        @Override
        public void close() {
            lock.close();
        }
    }

    /** Takes the service's lock (waiting, said on {@code log}, while another change of it runs), then prepares. */
    public Prepared prepare(ProjectSpec spec, String serviceName, Optional<String> requestedVersion,
            Optional<Integer> requestedReplicas, Optional<Integer> requestedPort, Consumer<String> log) {
        ServiceRuntime.Lock lock = lock(spec.project(), serviceName, log);
        try {
            // a big version's files may take a while to reach its backends: said, not silent
            spec.service(serviceName).flatMap(s -> ServedVersions.resolve(lineage, s, requestedVersion))
                    .filter(v -> v.bytes() > 16L * 1024 * 1024).ifPresent(v -> log.accept(String.format(
                            Locale.ROOT, "preparing %s (%.1f MB) for %s's backends", v.id(), v.bytes() / 1048576.0,
                            serviceName)));
        } catch (RuntimeException e) {
            lock.close(); // a version that does not resolve is refused here: the lock must not outlive it
            throw e;
        }
        return prepare(spec, serviceName, requestedVersion, requestedReplicas, requestedPort, lock, log);
    }

    /**
     * The service's lock, to hold while reading what is live and deciding what to change; closing it again is a
     * no-op. Taken before the service is known to exist: a lock of a misspelt service is only a file.
     */
    public ServiceRuntime.Lock lock(String project, String service, Consumer<String> log) {
        ServiceRuntime.Lock held = runtime.lock(project, service, log);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                held.close();
            }
        };
    }

    /**
     * Prepares under {@code lock}, held by the caller; a preparation that fails releases it. What takes a while
     * (the version before still draining) is said on {@code log} as it starts.
     */
    public Prepared prepare(ProjectSpec spec, String serviceName, Optional<String> requestedVersion,
            Optional<Integer> requestedReplicas, Optional<Integer> requestedPort, ServiceRuntime.Lock lock,
            Consumer<String> log) {
        try {
            return new Prepared(preparePlatform(spec, serviceName, requestedVersion, requestedReplicas,
                    requestedPort, log), lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private ServiceRuntime.PreparedService preparePlatform(ProjectSpec spec, String serviceName,
            Optional<String> requestedVersion, Optional<Integer> requestedReplicas,
            Optional<Integer> requestedPort, Consumer<String> log) {
        ServiceSpec service = spec.service(serviceName).orElseThrow(() -> new ServeException(
                "no service '" + serviceName + "' in " + spec.project() + "; services: " + String.join(", ",
                        spec.services().stream().map(ServiceSpec::name).toList())));
        Optional<ModelVersion> version = ServedVersions.resolveServable(lineage, service, requestedVersion);
        Optional<Deployment> current = lineage.deployments().deployment(spec.project(), service.name());
        current.filter(Deployment::isLive).flatMap(Deployment::candidate).ifPresent(c -> {
            throw new ServeException(spec.project() + ":" + service.name() + " runs a " + c.describe() + " beside "
                    + current.get().modelVersion().orElse("its build") + ": `roro promote " + service.name()
                    + "` or `roro rollback " + service.name() + "` first");
        });
        ServicePlan plan = new ServicePlan(spec, service, version, current, requestedReplicas, requestedPort);
        try {
            return runtime.prepare(plan, log);
        } catch (PlatformException e) {
            throw new ServeException(e.getMessage(), e);
        }
    }

    public Optional<DeploymentEvent> serve(ServeRequest request, Consumer<String> log) {
        return serve(request, prepare(request.spec(), request.service(), request.version(), request.replicas(),
                request.port(), log), log);
    }

    /**
     * Serves with the image asked for only once the service, its model version and the version's files are there:
     * what is missing is said before anything is built (what `roro serve` and `roro rollback` do). Returns the new
     * event, empty when the platform already ran exactly this.
     */
    public Optional<DeploymentEvent> serve(ProjectSpec spec, String service, Optional<String> version,
            Optional<Integer> replicas, Optional<Integer> port, Supplier<BuildVersion> build, Origin origin,
            Consumer<String> log) {
        Prepared prepared = prepare(spec, service, version, replicas, port, log);
        return serve(new ServeRequest(spec, service, version, replicas, image(build, prepared), port, origin),
                prepared, log);
    }

    /** The image asked for once prepared; a build that fails lets the next change of the service go ahead. */
    static BuildVersion image(Supplier<BuildVersion> build, Prepared prepared) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    /** Starts the prepared service on {@code request}'s build, records it live when healthy, else the rollback. */
    public Optional<DeploymentEvent> serve(ServeRequest request, Prepared prepared, Consumer<String> log) {
        return serve(request, prepared, CompletableFuture.completedFuture(null), DeploymentEventType.DEPLOYED,
                Optional.empty(), log);
    }

    /** @param buildRecorded a new build's record being written (nothing is recorded of the serve before it) */
    public Optional<DeploymentEvent> serve(ServeRequest request, Prepared prepared,
            CompletableFuture<Void> buildRecorded, Consumer<String> log) {
        return serve(request, prepared, buildRecorded, DeploymentEventType.DEPLOYED, Optional.empty(), log);
    }

    /** @param liveAs what the change is once live: DEPLOYED, or ROLLED_BACK (with why) for a rollback */
    private Optional<DeploymentEvent> serve(ServeRequest request, Prepared prepared,
            CompletableFuture<Void> buildRecorded, DeploymentEventType liveAs, Optional<String> why,
            Consumer<String> log) {
        try (prepared) {
            ServedVersions.refuseQuarantined(lineage, request.build());
            return serveHeld(request, prepared, buildRecorded, liveAs, why, log);
        }
    }

    /** The serve itself, under the lock {@code prepared} holds: from the roll-out to what lineage records. */
    private Optional<DeploymentEvent> serveHeld(ServeRequest request, Prepared prepared,
            CompletableFuture<Void> buildRecorded, DeploymentEventType liveAs, Optional<String> why,
            Consumer<String> log) {
        ServicePlan plan = prepared.plan();
        String project = plan.project();
        ServiceSpec service = plan.service();
        Optional<String> version = plan.version().map(ModelVersion::id);
        DeploymentChange linking = change(plan, DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, version,
                Optional.of(request.build().id()), 0, Optional.empty(), Optional.empty(), request.origin());
        // the lineage links are written while the new replicas start: the health wait is most of a serve
        CompletableFuture<Void> linked = buildRecorded.thenRunAsync(() -> lineage.deployments().link(linking),
                Futures.background());
        Rollout rollout;
        try {
            rollout = runtime.rollOut(prepared.platform(), request.build(), log);
        } catch (RuntimeException e) {
            Futures.settle(linked); // the old version keeps serving; nothing new stays behind
            throw e;
        }
        try {
            Futures.join(linked);
        } catch (RuntimeException e) {
            rollout.abandon().run(); // not recorded, so not routed to: the old version goes on serving
            throw e;
        }
        Optional<String> endpoint = Optional.of(rollout.endpoint());
        switch (rollout.outcome()) {
            case UNCHANGED:
                return Optional.empty();
            case NOT_LIVE:
                return Optional.of(rollBack(request, plan, rollout));
            default:
                break;
        }
        DeploymentEvent event;
        try {
            event = lineage.deployments().recordLinked(change(plan, liveAs, DeploymentState.RUNNING, version,
                    Optional.of(request.build().id()), rollout.replicas(), endpoint, why, request.origin()));
        } catch (RuntimeException e) {
            rollout.abandon().run(); // not recorded, so not routed to: the old version goes on serving
            throw e;
        }
        rollout.goLive().run(); // recorded first: traffic only ever goes to what lineage says is live
        log.accept("service " + service.name() + " rolled out" + version.map(v -> " with " + v).orElse("")
                + " at " + rollout.endpoint());
        return Optional.of(event);
    }

    /** The new version is not live: ROLLED_BACK when the old one still serves, else FAILED; both throw. */
    private DeploymentEvent rollBack(ServeRequest request, ServicePlan plan, Rollout rollout) {
        Optional<Deployment> current = plan.current();
        String attempted = plan.version().map(ModelVersion::id).orElse("build " + request.build().tag());
        String failure = mask(plan.project()).apply(rollout.message().orElse(""));
        boolean oldLive = rollout.previousServes() && current.map(Deployment::isLive).orElse(false);
        if (oldLive) {
            Deployment old = current.get();
            lineage.deployments().record(change(plan, DeploymentEventType.ROLLED_BACK, DeploymentState.RUNNING,
                    old.modelVersion(), old.buildVersion(), old.replicas(), old.endpoint().or(() ->
                            Optional.of(rollout.endpoint())), Optional.of(attempted + " failed, kept "
                                    + old.modelVersion().orElse("the old build") + ": " + failure),
                    request.origin()));
            throw new ServeException(attempted + " " + rollout.failedHow() + "; " + plan.service().name()
                    + " still serves " + old.modelVersion().orElse("the previous build") + ". " + failure);
        }
        lineage.deployments().record(change(plan, DeploymentEventType.FAILED, DeploymentState.FAILED,
                plan.version().map(ModelVersion::id), Optional.of(request.build().id()), 0,
                Optional.of(rollout.endpoint()), Optional.of(failure), request.origin()));
        throw new ServeException(attempted + " " + rollout.failedHow() + ": " + failure);
    }

    /** The project's config var values, masked in what this operation prints and stores. */
    private SecretMask mask(String project) {
        return platform.configVars(project).mask();
    }

    private DeploymentChange change(ServicePlan plan, DeploymentEventType type, DeploymentState state,
            Optional<String> version, Optional<String> build, int replicas, Optional<String> endpoint,
            Optional<String> reason, Origin origin) {
        return new DeploymentChange(plan.project(), plan.service().name(), type, state, version, build, replicas,
                plan.service().profile(), platform.name(), endpoint, reason, origin);
    }

    /**
     * Goes back to the revision live before the current one (what `roro rollback` and the roroRollback step do),
     * with the same health-checked switch as any serve: see {@link Rollback}.
     */
    public Optional<DeploymentEvent> rollBackToPrevious(ProjectSpec spec, String service,
            Supplier<BuildVersion> build, boolean modelOnly, Origin origin, Consumer<String> log) {
        return new Rollback(this, lineage).toPrevious(spec, service, build, modelOnly, origin, log);
    }

    /** Serves {@code request} under {@code prepared}'s lock, recorded as ROLLED_BACK with {@code why}. */
    public Optional<DeploymentEvent> serveAsRollback(ServeRequest request, Prepared prepared, String why,
            Consumer<String> log) {
        return serve(request, prepared, CompletableFuture.completedFuture(null), DeploymentEventType.ROLLED_BACK,
                Optional.of(why), log);
    }

    /** Takes a service off its endpoint and stops what runs it; records STOPPED. */
    public DeploymentEvent stop(String project, String service, Origin origin) {
        Deployment current = lineage.deployments().deployment(project, service)
                .orElseThrow(() -> new ServeException("service " + project + ":" + service + " was never deployed"));
        runtime.stop(project, service);
        return lineage.deployments().record(new DeploymentChange(project, service, DeploymentEventType.STOPPED,
                DeploymentState.STOPPED, current.modelVersion(), current.buildVersion(), 0, current.profile(),
                current.target(), current.endpoint(), Optional.empty(), origin));
    }

    /**
     * How many replicas of each of the project's services run now on this platform, those it cannot tell about
     * left out; what an interrupted serve or deploy left behind is put right first (said on {@code log}).
     * {@code deployments}: the project's deployments as the caller read them (ps reads them once for its table).
     */
    public Map<String, Integer> ready(String project, List<Deployment> deployments, Consumer<String> log) {
        List<Deployment> here = deployments.stream().filter(d -> d.target().equals(platform.name())).toList();
        return runtime.ready(project, here, log);
    }
}
