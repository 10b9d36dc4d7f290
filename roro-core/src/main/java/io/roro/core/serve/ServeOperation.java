package io.roro.core.serve;

import io.roro.core.Futures;
import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.DeploymentChange;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.DeploymentEventType;
import io.roro.core.lineage.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.Origin;
import io.roro.core.lineage.StoredFile;
import io.roro.core.runtime.CommandResult;
import io.roro.core.runtime.ConfigVars;
import io.roro.core.runtime.ContainerLimits;
import io.roro.core.runtime.DockerCli;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Serves a service on the Docker target: fetch the model version's files (sha256-checked), start new backend
 * containers beside the old ones, wait until every one answers {@code /health}, switch the router to them, then stop
 * the old ones. A new version that never gets healthy is removed and the old one stays live (recorded as
 * ROLLED_BACK), so a broken model never takes a service down.
 */
public final class ServeOperation {
    private static final Random NAMES = new Random();

    private final DockerCli docker;
    private final Lineage lineage;
    private final Path roroHome;
    private final String routerImage;
    private final Backends backends;

    public ServeOperation(DockerCli docker, Lineage lineage, Path roroHome, String routerImage) {
        this.docker = docker;
        this.lineage = lineage;
        this.roroHome = roroHome;
        this.routerImage = routerImage;
        this.backends = new Backends(docker, roroHome);
    }

    private Router router(String project) {
        return new Router(docker, roroHome.resolve("routers"), project, backends.scope(), routerImage);
    }

    /**
     * What serving needs before the image exists: the model version (files fetched and verified), the endpoint
     * port, the route with the slot the new backends take, and the backends running now. A deploy prepares while
     * its image builds.
     */
    public record Prepared(ServiceSpec service, Optional<ModelVersion> version, Optional<Deployment> current,
            Router router, int port, int replicas, Optional<Path> modelDir, List<String> previous,
            List<Integer> slot) {
    }

    public Prepared prepare(ProjectSpec spec, String serviceName, Optional<String> requestedVersion,
            Optional<Integer> requestedReplicas, Optional<Integer> requestedPort) {
        String project = spec.project();
        ServiceSpec service = spec.service(serviceName).orElseThrow(() -> new ServeException(
                "no service '" + serviceName + "' in " + project + "; services: " + String.join(", ",
                        spec.services().stream().map(ServiceSpec::name).toList())));
        Optional<ModelVersion> version = ServedVersions.resolve(lineage.store(), service, requestedVersion);
        Optional<Deployment> current = lineage.deployments().deployment(project, service.name());
        Router router = router(project);
        int port = requestedPort.or(() -> Optional.ofNullable(router.routes().get(service.name()))
                .map(Router.Route::port)).or(() -> current.flatMap(Deployment::endpoint).map(ServeOperation::portOf))
                .orElseGet(Ports::free);
        int replicas = requestedReplicas.orElse(Math.max(1, service.replicas()));
        Optional<Path> modelDir = version.map(this::fetch);
        List<Backends.Backend> existing = backends.of(project, service.name());
        List<Integer> live = existing.stream().filter(Backends.Backend::running).map(Backends.Backend::port)
                .filter(p -> p > 0).toList();
        Router.Route route = router.prepare(service.name(), port, replicas, live);
        return new Prepared(service, version, current, router, port, replicas, modelDir,
                existing.stream().map(Backends.Backend::name).toList(), route.freeSlot(live));
    }

    public DeploymentEvent serve(ServeRequest request, Consumer<String> log) {
        return serve(request, prepare(request.spec(), request.service(), request.version(), request.replicas(),
                request.port()), log);
    }

    /**
     * Serves with the image asked for only once the service, its model version and the version's files are there:
     * what is missing is said before anything is built (what `roro serve` and `roro rollback` do).
     */
    public DeploymentEvent serve(ProjectSpec spec, String service, Optional<String> version,
            Optional<Integer> replicas, Optional<Integer> port,
            java.util.function.Supplier<io.roro.core.lineage.BuildVersion> build, Origin origin,
            Consumer<String> log) {
        Prepared prepared = prepare(spec, service, version, replicas, port);
        return serve(new ServeRequest(spec, service, version, replicas, build.get(), port, origin), prepared, log);
    }

    /** Starts the prepared service on {@code request}'s build, switches to it when healthy, else rolls back. */
    public DeploymentEvent serve(ServeRequest request, Prepared prepared, Consumer<String> log) {
        String project = request.spec().project();
        ServiceSpec service = prepared.service();
        Optional<ModelVersion> version = prepared.version();
        Optional<Deployment> current = prepared.current();
        Router router = prepared.router();
        List<String> previous = prepared.previous();

        DeploymentChange deployed = new DeploymentChange(project, service.name(), DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, version.map(ModelVersion::id), Optional.of(request.build().id()),
                prepared.replicas(), service.profile(), "docker",
                Optional.of("http://127.0.0.1:" + prepared.port() + "/"), Optional.empty(), request.origin());
        // the lineage links are written while the backends start: the health wait is most of a serve
        CompletableFuture<Void> linked = CompletableFuture.runAsync(() -> lineage.deployments().link(deployed));
        String generation = HexFormat.of().toHexDigits(NAMES.nextInt()).substring(0, 6);
        List<String> started = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        String failure;
        try {
            failure = startHealthy(request, prepared, generation, started, ports, log).orElse(null);
            Futures.join(linked);
        } catch (RuntimeException e) {
            // the engine or lineage failed under us: the old backends keep serving, nothing new stays behind
            Futures.settle(linked);
            started.forEach(name -> docker.run(List.of("rm", "-f", name), 60));
            throw e;
        }
        String endpoint = deployed.endpoint().orElseThrow();
        if (failure != null) {
            started.forEach(name -> docker.run(List.of("rm", "-f", name), 60));
            return rollBack(request, service, version, current, previous, endpoint, failure);
        }
        log.accept("router " + router.containerName() + " sends " + endpoint + " to " + ports + "; draining "
                + (previous.isEmpty() ? "nothing" : previous));
        DeploymentEvent event;
        try {
            event = lineage.deployments().recordLinked(deployed);
        } finally {
            handOverInBackground(started, previous); // the new backends serve now, whatever lineage says
        }
        log.accept("service " + service.name() + " of " + project + " is live at " + endpoint
                + version.map(v -> " with " + v.id()).orElse(""));
        return event;
    }

    /**
     * Starts the new backends one by one in the prepared slot, each waited for until it answers its health check;
     * {@code started} and {@code ports} say what was started. Returns why one did not start or get healthy.
     */
    private Optional<String> startHealthy(ServeRequest request, Prepared prepared, String generation,
            List<String> started, List<Integer> ports, Consumer<String> log) {
        ServiceSpec service = prepared.service();
        for (int i = 0; i < prepared.replicas(); i++) {
            int backendPort = prepared.slot().get(i);
            String name = "roro-svc-" + request.spec().project() + "-" + service.name() + "-" + generation + "-" + i;
            CommandResult run = docker.run(runCommand(request, service, prepared.version(), prepared.modelDir(), name,
                    backendPort), 300);
            if (!run.ok()) {
                return Optional.of("cannot start " + name + ": " + run.tail(5));
            }
            started.add(name);
            ports.add(backendPort);
            log.accept("started " + name + " on 127.0.0.1:" + backendPort + ", waiting for "
                    + service.health().path());
            Duration patience = Duration.ofSeconds(service.health().startPeriodSeconds() + 60L);
            if (!HealthProbe.await(backendPort, service.health().path(), patience, () -> running(name))) {
                return Optional.of(name + " did not become healthy: "
                        + docker.run(List.of("logs", "--tail", "15", name), 30).tail(15));
            }
        }
        return Optional.empty();
    }

    private DeploymentEvent rollBack(ServeRequest request, ServiceSpec service, Optional<ModelVersion> version,
            Optional<Deployment> current, List<String> previous, String endpoint, String failure) {
        String project = request.spec().project();
        String attempted = version.map(ModelVersion::id).orElse("build " + request.build().tag());
        boolean oldLive = !previous.isEmpty() && current.map(Deployment::isLive).orElse(false);
        if (oldLive) {
            lineage.deployments().record(new DeploymentChange(project, service.name(), DeploymentEventType.ROLLED_BACK,
                    DeploymentState.RUNNING, current.get().modelVersion(), current.get().buildVersion(),
                    current.get().replicas(), current.get().profile(), "docker", current.get().endpoint(),
                    Optional.of(attempted + " failed, kept " + current.get().modelVersion().orElse("the old build")
                            + ": " + failure), request.origin()));
            throw new ServeException(attempted + " failed its health check; " + service.name() + " still serves "
                    + current.get().modelVersion().orElse("the previous build") + ". " + failure);
        }
        lineage.deployments().record(new DeploymentChange(project, service.name(), DeploymentEventType.FAILED,
                DeploymentState.FAILED, version.map(ModelVersion::id), Optional.of(request.build().id()), 0,
                service.profile(), "docker", Optional.of(endpoint), Optional.of(failure), request.origin()));
        throw new ServeException(attempted + " failed its health check: " + failure);
    }

    private List<String> runCommand(ServeRequest request, ServiceSpec service, Optional<ModelVersion> version,
            Optional<Path> modelDir, String name, int backendPort) {
        String project = request.spec().project();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
        run.addAll(backends.labelFlags(project, service.name()));
        run.addAll(List.of("--label", "io.roro.port=" + backendPort,
                "--label", "io.roro.model-version=" + version.map(ModelVersion::id).orElse(""),
                "-e", "HOME=/tmp", "-e", "PORT=" + backendPort, "-e", "RORO_BIND=127.0.0.1:" + backendPort,
                "-e", "RORO_MODEL_VERSION=" + version.map(ModelVersion::id).orElse("none"),
                "-e", "RORO_CORS_ORIGINS=" + String.join(" ", service.corsAllowOrigins())));
        modelDir.ifPresent(dir -> run.addAll(List.of("-v", dir.toAbsolutePath() + ":/model:ro")));
        run.addAll(ContainerLimits.flags(request.spec().profile(service.profile())));
        run.addAll(ConfigVars.of(roroHome, project).dockerFlags());
        if (service.function().isPresent()) {
            run.addAll(List.of("-e", "RORO_FUNCTION=" + service.function().get().dotted()));
            run.add(request.build().image());
            run.addAll(List.of("gunicorn", "-c", "/opt/roro/roro_runtime/gunicorn_conf.py",
                    "roro_runtime.serve:app"));
        } else {
            service.directory().ifPresent(d -> run.addAll(List.of("-w", "/app/" + d)));
            run.add(request.build().image());
            run.addAll(List.of("sh", "-c", service.command().orElseThrow()));
        }
        return run;
    }

    /** The version's files under ~/.roro/models/MODEL/VERSION, verified against their sha256. */
    private Path fetch(ModelVersion version) {
        Path dir = roroHome.resolve("models").resolve(version.model()).resolve(version.version());
        try {
            Files.createDirectories(dir);
            for (StoredFile file : version.files()) {
                Path target = dir.resolve(file.name());
                if (!Files.exists(target) || Files.size(target) != file.size()) {
                    lineage.artifacts().get(file.ref(), target);
                }
                target.toFile().setReadable(true, false);
            }
            for (Path p = dir; p != null && !p.equals(roroHome.getParent()); p = p.getParent()) {
                p.toFile().setExecutable(true, false);
                p.toFile().setReadable(true, false);
            }
            return dir;
        } catch (IOException e) {
            throw new ServeException("cannot fetch " + version.id() + ": " + e.getMessage());
        }
    }

    /** How many backends of each service of a project are running now: what `roro ps` shows as READY. */
    public java.util.Map<String, Integer> runningBackends(String project) {
        java.util.Map<String, Integer> running = new java.util.TreeMap<>();
        backends.of(project).stream().filter(Backends.Backend::running)
                .forEach(b -> running.merge(b.service(), 1, Integer::sum));
        return running;
    }

    /** A service's backend containers, running or not. */
    public List<String> backends(String project, String service) {
        return backends.of(project, service).stream().map(Backends.Backend::name).toList();
    }

    /**
     * Serves the model version the service had before its current one, with the same health-checked switch as any
     * serve (what `roro rollback` and the roroRollback step do). The image is asked for once there is a version to
     * go back to and its files are here.
     */
    public DeploymentEvent rollBackToPrevious(ProjectSpec spec, String service,
            java.util.function.Supplier<io.roro.core.lineage.BuildVersion> build, Origin origin,
            Consumer<String> log) {
        String previous = lineage.deployments().previousVersion(spec.project(), service)
                .orElseThrow(() -> new io.roro.core.lineage.LineageException(spec.project() + ":" + service
                        + " has no earlier model version to go back to"));
        return serve(spec, service, Optional.of(previous), Optional.empty(), Optional.empty(), build, origin, log);
    }

    /** Takes a service off its endpoint and stops its containers; records STOPPED. */
    public DeploymentEvent stop(String project, String service, Origin origin) {
        Deployment current = lineage.deployments().deployment(project, service)
                .orElseThrow(() -> new ServeException("service " + project + ":" + service + " was never deployed"));
        router(project).remove(service);
        stopGracefully(backends(project, service));
        return lineage.deployments().record(new DeploymentChange(project, service, DeploymentEventType.STOPPED,
                DeploymentState.STOPPED, current.modelVersion(), current.buildVersion(), 0, current.profile(),
                current.target(), current.endpoint(), Optional.empty(), origin));
    }

    /**
     * What follows a switch, without holding up the caller, in a detached process: the new backends get Docker's
     * restart policy (from now on a crash or an engine restart brings them back; while they started, an exit had to
     * fail the health check at once), and the old ones stop once nginx's old workers are done with them,
     * gracefully (as a rolling update drains old pods), a second later.
     */
    private void handOverInBackground(List<String> started, List<String> previous) {
        String docker = this.docker.executable();
        // a second first: the engine is not kept busy while the caller answers, and nginx's old workers finish
        List<String> steps = new ArrayList<>(List.of("sleep 1"));
        if (!started.isEmpty()) {
            steps.add(docker + " update --restart unless-stopped " + String.join(" ", safe(started)) + " >/dev/null");
        }
        if (!previous.isEmpty()) {
            steps.add(docker + " stop -t 20 " + String.join(" ", safe(previous)));
            steps.add(docker + " rm -f " + String.join(" ", safe(previous)));
        }
        if (steps.size() == 1) {
            return;
        }
        try {
            new ProcessBuilder("sh", "-c", String.join("; ", steps)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            started.forEach(name -> this.docker.run(List.of("update", "--restart", "unless-stopped", name), 30));
            stopGracefully(previous);
        }
    }

    /** Container names as roro makes them; anything else never reaches a shell. */
    private static List<String> safe(List<String> containers) {
        return containers.stream().filter(n -> n.matches("[A-Za-z0-9_.-]+")).toList();
    }

    /** SIGTERM first: gunicorn finishes the requests it has before it exits. */
    private void stopGracefully(List<String> containers) {
        for (String name : containers) {
            docker.run(List.of("stop", "-t", "20", name), 60);
            docker.run(List.of("rm", "-f", name), 60);
        }
    }

    private boolean running(String name) {
        return "true".equals(docker.run(List.of("inspect", "-f", "{{.State.Running}}", name), 30).stdout().trim());
    }

    private static int portOf(String endpoint) {
        return Integer.parseInt(endpoint.replaceAll(".*:(\\d+)/?$", "$1"));
    }
}
