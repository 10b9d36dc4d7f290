package io.roro.core.platform.local;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.TemporaryDirectory;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.ModelVersion;
import io.roro.core.platform.FileLocks;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServicePlan;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrafficSample;
import io.roro.core.routing.Ports;
import io.roro.core.routing.Route;
import io.roro.core.spec.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services as processes of this machine behind the project's router ({@link LocalRouter}): a function is served by
 * roro's serving app under gunicorn in the project's Python environment, a command service by its command. A new
 * version starts in the route's free slot, is health-checked, and takes routed requests only once lineage has
 * recorded it ({@link Rollout#goLive}); the old backends then finish what they have and stop.
 */
final class LocalServices implements ServiceRuntime {
    private static final long DRAIN_MILLIS = 1_000;

    private final LocalSettings settings;
    private final Supplier<ArtifactStore> artifacts;
    private final LocalBackends backends;
    private final LocalCandidates candidates;

    LocalServices(LocalSettings settings, Supplier<ArtifactStore> artifacts) {
        this.settings = settings;
        this.artifacts = artifacts;
        this.backends = new LocalBackends(settings);
        this.candidates = new LocalCandidates(settings, this);
    }

    /** A service ready for its build: its route and the slot its new backends take, the model files. */
    record Prepared(ServicePlan plan, Route route, List<Integer> slot, Optional<Path> modelDir)
            implements PreparedService {
    }

    @Override
    public Lock lock(String project, String service, Consumer<String> log) {
        return FileLocks.lock(settings.services(project).resolve(service + ".lock"), log,
                "roro: another serve or deploy of " + service + " runs now; waiting for it to end");
    }

    @Override
    public PreparedService prepare(ServicePlan plan, Consumer<String> log) {
        ServiceSpec service = plan.service();
        ProcessLimits.refuseWhatCannotBeGiven(plan.spec().profile(service.profile()), "service " + service.name());
        LocalRouter router = new LocalRouter(settings, plan.project());
        int replicas = plan.replicas().orElse(service.replicas());
        List<Integer> live = state(plan.project(), service.name()).map(ServiceState::ports).orElse(List.of());
        int port = plan.port().or(() -> Optional.ofNullable(router.routes().get(service.name())).map(Route::port))
                .or(() -> plan.current().flatMap(Deployment::endpoint).flatMap(LocalServices::portOf))
                .orElseGet(Ports::free);
        Optional<Path> modelDir = plan.version().map(this::fetch);
        Route route = router.prepare(service.name(), port, replicas, service.timeoutSeconds(),
                service.function().isPresent(), live);
        List<Integer> slot = route.freeSlot(live).orElseThrow(() -> new PlatformException(
                "both slots of " + service.name() + " are in use: " + route.slots()));
        return new Prepared(plan, route, slot, modelDir);
    }

    @Override
    public Rollout rollOut(PreparedService preparedService, BuildVersion build, Consumer<String> log) {
        Prepared prepared = (Prepared) preparedService;
        ServicePlan plan = prepared.plan();
        String service = plan.service().name();
        String endpoint = endpoint(prepared);
        Optional<ServiceState> old = state(plan.project(), service);
        Optional<String> version = plan.version().map(ModelVersion::id);
        if (old.isPresent() && old.get().candidate().isEmpty() && old.get().build().equals(build.id())
                && old.get().version().equals(version) && old.get().backends().size() == prepared.slot().size()
                && old.get().running().size() == old.get().backends().size()) {
            return Rollout.unchanged(endpoint, old.get().backends().size());
        }
        LocalBackends.Started started = backends.start(prepared, LocalBuild.of(build), version, log);
        if (started.unhealthy().isPresent()) {
            return Rollout.notLive(endpoint, started.backends().size(), "failed its health check",
                    started.unhealthy().get(), old.map(s -> !s.running().isEmpty()).orElse(false));
        }
        ServiceState now = new ServiceState(started.generation(), build.id(), version, started.backends(),
                Optional.empty());
        LocalRouter router = new LocalRouter(settings, plan.project());
        return Rollout.live(endpoint, started.backends().size(), () -> {
            router.switchTo(service, now.live());
            now.write(stateFile(plan.project(), service));
            // the old generation (and a candidate beside it) refuse routed requests from now on: nginx retries
            // those on the new one; what they have in hand they finish
            old.ifPresent(s -> {
                sleep(DRAIN_MILLIS);
                s.backends().forEach(b -> b.local().stop(10_000));
                s.candidate().ifPresent(c -> c.backends().forEach(b -> b.local().stop(10_000)));
            });
        }, () -> started.backends().forEach(b -> b.local().stop(5_000)));
    }

    @Override
    public Rollout rollOutCandidate(PreparedService preparedService, BuildVersion build, Candidate candidate,
            Consumer<String> log) {
        Prepared prepared = (Prepared) preparedService;
        ServicePlan plan = prepared.plan();
        String service = plan.service().name();
        ServiceState live = state(plan.project(), service).filter(s -> !s.running().isEmpty())
                .orElseThrow(() -> new PlatformException("no version of " + service + " takes traffic on this"
                        + " machine now; a canary or shadow runs beside a live one"));
        Optional<String> version = plan.version().map(ModelVersion::id);
        LocalBackends.Started started = backends.start(prepared, LocalBuild.of(build), version, log);
        if (started.unhealthy().isPresent()) {
            return Rollout.notLive(endpoint(prepared), started.backends().size(), "failed its health check",
                    started.unhealthy().get(), true);
        }
        return Rollout.live(endpoint(prepared), started.backends().size(), () -> {
            ServiceState.CandidateState next = new ServiceState.CandidateState(started.generation(), build.id(),
                    version, candidate.mode(), candidate.share(), started.backends(), candidates.served(live));
            ServiceState now = live.withCandidate(Optional.of(next));
            new LocalRouter(settings, plan.project()).switchTo(service, now.live());
            now.write(stateFile(plan.project(), service));
            log.accept("the router gives " + candidate.describe() + " on " + next.ports());
        }, () -> started.backends().forEach(b -> b.local().stop(5_000)));
    }

    @Override
    public void promote(String project, String service, Consumer<String> log) {
        candidates.promote(project, service, log);
    }

    @Override
    public void dropCandidate(String project, String service, Consumer<String> log) {
        candidates.drop(project, service, log);
    }

    @Override
    public TrafficSample sample(String project, String service) {
        return candidates.sample(project, service);
    }

    private static String endpoint(Prepared prepared) {
        return "http://127.0.0.1:" + prepared.route().port() + "/";
    }

    @Override
    public void stop(String project, String service) {
        state(project, service).ifPresent(s -> s.backends().forEach(b -> b.local().stop(10_000)));
        new LocalRouter(settings, project).remove(service);
        try {
            Files.deleteIfExists(stateFile(project, service));
            Files.deleteIfExists(new LocalRouter(settings, project).liveFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state of " + service + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Integer> ready(String project, List<Deployment> deployments, Consumer<String> log) {
        Map<String, Integer> ready = new TreeMap<>();
        for (Deployment d : deployments) {
            ready.put(d.service(), state(project, d.service()).map(s -> s.running().size()).orElse(0));
        }
        return ready;
    }

    @Override
    public void logs(String project, String service, int tail, boolean follow, Consumer<String> out) {
        if (follow) {
            throw new IllegalArgumentException("the local target does not follow a service's log: leave out -f");
        }
        ServiceState state = state(project, service).orElseThrow(() -> new PlatformException(
                "no backend of " + service + " runs on this machine"));
        for (int i = 0; i < state.backends().size(); i++) {
            Path log = backends.log(project, service, state.generation(), i);
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                lines.subList(Math.max(0, lines.size() - tail), lines.size()).forEach(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log + ": " + e.getMessage(), e);
            }
        }
    }

    Optional<ServiceState> state(String project, String service) {
        return ServiceState.read(stateFile(project, service));
    }

    Path stateFile(String project, String service) {
        return settings.services(project).resolve(service).resolve("state.json");
    }

    /** A model version's files on this machine, fetched once (into a directory moved in place whole). */
    private Path fetch(ModelVersion version) {
        Path dir = settings.models().resolve(version.model()).resolve(version.version());
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path incoming = dir.resolveSibling("." + version.version() + "-" + ThreadLocalRandom.current().nextLong());
        try {
            Files.createDirectories(incoming);
            artifacts.get().getAll(version.files().stream().map(ArtifactRef::of).toList(), incoming);
            Files.move(incoming, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw new PlatformException("cannot fetch " + version.id() + ": " + e.getMessage(), e);
            }
        } finally {
            TemporaryDirectory.delete(incoming);
        }
        return dir;
    }

    private static Optional<Integer> portOf(String endpoint) {
        Matcher m = Pattern.compile("^http://127\\.0\\.0\\.1:(\\d+)/").matcher(endpoint);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
