package io.roro.core.platform.docker;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServicePlan;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrafficSample;
import io.roro.core.routing.LiveState;
import io.roro.core.routing.Ports;
import io.roro.core.routing.Route;
import io.roro.core.spec.ServiceSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Services on this engine: backend containers behind the project's nginx router. New backends start in the free
 * slot beside the old ones and must each answer the health check; then the old ones drain. A version that never
 * gets healthy is removed and the old backends keep serving, so a broken model never takes a service down.
 */
final class DockerServices implements ServiceRuntime {
    private static final Random NAMES = new Random();

    private final DockerCli docker;
    private final Path roroHome;
    private final Supplier<String> routerImage;
    private final Backends backends;
    private final ModelCopies models;
    private final HandOver handOver;
    private final DockerCandidates candidates;
    private final FailedLogs failedLogs;
    private final GenerationStart starts;

    DockerServices(DockerCli docker, Supplier<ArtifactStore> artifacts, Path roroHome, Supplier<String> routerImage) {
        this.docker = docker;
        this.roroHome = roroHome;
        this.routerImage = routerImage;
        this.backends = new Backends(docker, roroHome);
        this.models = new ModelCopies(artifacts, roroHome.resolve("models"));
        this.handOver = new HandOver(docker);
        this.candidates = new DockerCandidates(backends, roroHome.resolve("routers"), handOver);
        this.failedLogs = new FailedLogs(roroHome);
        this.starts = new GenerationStart(docker, backends, roroHome, failedLogs);
    }

    private Router router(String project) {
        return new Router(docker, roroHome.resolve("routers"), project, backends.scope(), routerImage.get());
    }

    /** The endpoint port, the route with the slot the new backends take, the model files and the old backends. */
    record Prepared(ServicePlan plan, Router router, int port, int replicas, Optional<Path> modelDir,
            List<String> previous, Route route, List<Integer> slot, List<String> notes)
            implements PreparedService {
    }

    @Override
    public Lock lock(String project, String service, Consumer<String> log) {
        return new LiveRoutes(Router.liveDirectory(roroHome.resolve("routers"), project)).lock(service, log)::close;
    }

    /** Called under the service's {@link #lock}: what is left over is put right, the slot chosen, undisturbed. */
    @Override
    public PreparedService prepare(ServicePlan plan, Consumer<String> log) {
        String project = plan.project();
        ServiceSpec service = plan.service();
        EngineCapacity.of(docker).ifPresent(engine -> engine.check(plan.spec().profile(service.profile()),
                "service " + service.name()));
        Router router = router(project);
        List<String> notes = new ArrayList<>();
        LiveRoutes liveRoutes = new LiveRoutes(router.liveDirectory());
        List<Backends.Backend> existing = new Leftovers(docker, liveRoutes).putRightHeld(
                project, service.name(), plan.current(), backends.of(project, service.name()), notes::add);
        int port = plan.port().or(() -> Optional.ofNullable(router.routes().get(service.name()))
                .map(Route::port)).or(() -> plan.current().flatMap(Deployment::endpoint)
                        .map(DockerServices::portOf)).orElseGet(Ports::free);
        int replicas = plan.replicas().orElse(Math.max(1, service.replicas()));
        Optional<Path> modelDir = plan.version().map(models::fetch);
        List<Integer> live = Slots.routed(existing, liveRoutes.live(service.name()));
        Route route = router.prepare(service.name(), port, replicas, service.timeoutSeconds(),
                service.function().isPresent(), live);
        List<Integer> slot = route.freeSlot(live).orElseThrow(() -> new DockerException(
                "both slots of the service are in use: " + route.slots()));
        new Slots(docker, backends).clear(slot, existing, log); // the version before the live one, still draining
        return new Prepared(plan, router, port, replicas, modelDir,
                existing.stream().map(Backends.Backend::name).toList(), route, slot, List.copyOf(notes));
    }

    /**
     * Starts the new backends in the free slot as a generation of their own, which takes no routed traffic until
     * {@link Rollout#goLive} names it in the live file (after lineage has recorded it). The caller holds the
     * service's lock from before {@link #prepare} until then, so another command does not take them for leftovers.
     */
    @Override
    public Rollout rollOut(PreparedService preparedService, BuildVersion build, Consumer<String> log) {
        Prepared prepared = (Prepared) preparedService;
        String service = prepared.plan().service().name();
        return start(prepared, build, log, (live, generation, started, ports) -> {
            // waited out before the serve answers: the next request after it is answered by what it served
            live.switchTo(service, generation);
            log.accept("router " + prepared.router().containerName() + " sends " + endpoint(prepared) + " to "
                    + ports + "; draining " + (prepared.previous().isEmpty() ? "nothing" : prepared.previous()));
            handOver.inBackground(started, prepared.previous(), Optional.of(prepared.plan().project()));
        });
    }

    /**
     * Starts the candidate's backends in the free slot as {@link #rollOut} starts a new version's; going live
     * gives them the candidate's part (a canary's share of the routed requests, a shadow's copies) and leaves
     * the live generation where it is.
     */
    @Override
    public Rollout rollOutCandidate(PreparedService preparedService, BuildVersion build,
            Candidate candidate, Consumer<String> log) {
        Prepared prepared = (Prepared) preparedService;
        String service = prepared.plan().service().name();
        LiveRoutes routes = new LiveRoutes(prepared.router().liveDirectory());
        String stable = routes.live(service).filter(g -> !g.equals(LiveRoutes.NONE)).filter(g ->
                !prepared.previous().isEmpty()).orElseThrow(() -> new PlatformException("no version of " + service
                        + " takes traffic on this engine now; a canary or shadow runs beside a live one"));
        return start(prepared, build, log, (live, generation, started, ports) -> {
            candidates.startBaseline(prepared.plan().project(), service, stable);
            live.switchTo(service, new LiveState(stable, Optional.of(new LiveState.CandidateRoute(
                    generation, candidate.mode(), candidate.share(), ports))));
            log.accept("router " + prepared.router().containerName() + " gives " + candidate.describe() + " on "
                    + ports + (candidate.mode() == Candidate.Mode.CANARY
                            ? " of the requests to " + endpoint(prepared) : " a copy of each prediction"));
            handOver.inBackground(started, List.of());
        });
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
        return "http://127.0.0.1:" + prepared.port() + "/";
    }

    /** What going live does once lineage has recorded it, given the new generation's backends and ports. */
    private interface GoLive {
        void apply(LiveRoutes live, String generation, List<String> started, List<Integer> ports);
    }

    private Rollout start(Prepared prepared, BuildVersion build, Consumer<String> log, GoLive how) {
        prepared.notes().forEach(log); // what was put right before this serve
        String service = prepared.plan().service().name();
        String endpoint = endpoint(prepared);
        String generation = HexFormat.of().toHexDigits(NAMES.nextInt()).substring(0, 6);
        LiveRoutes live = new LiveRoutes(prepared.router().liveDirectory());
        List<String> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        String failure;
        try {
            live.ensure(service);
            failure = starts.start(prepared, build, generation, live, started, ports, log).orElse(null);
        } catch (RuntimeException e) {
            // the engine failed under us: the old backends keep serving, nothing new stays behind
            started.forEach(name -> docker.run(List.of("rm", "-f", name), 60));
            live.settle(service);
            throw e;
        }
        if (failure != null) {
            started.forEach(name -> docker.run(List.of("rm", "-f", name), 60));
            live.settle(service); // the live generation takes back the slot it let go of
            return Rollout.notLive(endpoint, prepared.replicas(), "failed its health check", failure,
                    !prepared.previous().isEmpty());
        }
        Runnable goLive = () -> how.apply(live, generation, started, ports);
        Runnable abandon = () -> started.forEach(name -> docker.run(List.of("rm", "-f", name), 60));
        return Rollout.live(endpoint, prepared.replicas(), goLive, abandon);
    }

    @Override
    public Map<String, Integer> ready(String project, List<Deployment> deployments, Consumer<String> log) {
        return ready(project, () -> deployments, log);
    }

    /** The engine's listing first (one docker process), the deployments when it has answered. */
    @Override
    public Map<String, Integer> ready(String project, Supplier<List<Deployment>> recorded,
            Consumer<String> log) {
        Map<String, Integer> running = new TreeMap<>();
        try {
            List<Backends.Backend> all = backends.of(project);
            List<Deployment> deployments = recorded.get();
            LiveRoutes routes = new LiveRoutes(Router.liveDirectory(roroHome.resolve("routers"), project));
            Leftovers leftovers = new Leftovers(docker, routes);
            Repairs repairs = new Repairs(docker);
            Map<String, List<Backends.Backend>> byService = all.stream()
                    .collect(Collectors.groupingBy(Backends.Backend::service));
            if (deployments.stream().anyMatch(Deployment::isLive) && !all.isEmpty()) {
                repairs.router(project, Router.containerName(project, backends.scope()), log);
            }
            for (Deployment d : deployments) {
                List<Backends.Backend> own = byService.getOrDefault(d.service(), List.of());
                if (own.isEmpty()) {
                    running.put(d.service(), 0); // nothing runs, so nothing to put right (no lock to take)
                    continue;
                }
                List<Backends.Backend> kept = leftovers.putRight(project, d.service(), Optional.of(d), own, log);
                if (d.isLive()) {
                    kept = repairs.backends(project, d.service(), kept, routes.live(d.service()), routes, log);
                }
                // READY counts the live version's backends: not a canary's beside it, nor old ones still draining
                Optional<String> liveGeneration = routes.live(d.service());
                running.put(d.service(), (int) kept.stream().filter(Backends.Backend::running)
                        .filter(b -> liveGeneration.isEmpty() || b.generation().equals(liveGeneration.get())).count());
            }
        } catch (DockerException | UncheckedIOException e) {
            running.clear(); // no engine here: READY says "?"
        }
        return running;
    }

    @Override
    public void logs(String project, String service, int tail, boolean follow, Consumer<String> out) {
        List<String> containers = backends.of(project, service).stream().filter(Backends.Backend::running)
                .map(Backends.Backend::name).toList();
        if (containers.isEmpty()) {
            throw new PlatformException("no running containers for service " + service + " of " + project);
        }
        for (String container : containers) {
            List<String> args = new ArrayList<>(List.of("logs", "--tail", Integer.toString(tail)));
            if (follow) {
                args.add("-f");
            }
            args.add(container);
            docker.stream(args, out);
        }
    }

    @Override
    public void failedLog(String project, String service, Consumer<String> out) {
        failedLogs.read(project, service, out);
    }

    @Override
    public void stop(String project, String service) {
        Router router = router(project);
        router.remove(service);
        new LiveRoutes(router.liveDirectory()).forget(service);
        handOver.stopGracefully(backends.of(project, service).stream().map(Backends.Backend::name).toList());
    }

    private static int portOf(String endpoint) {
        return Integer.parseInt(endpoint.replaceAll(".*:(\\d+)/?$", "$1"));
    }
}
