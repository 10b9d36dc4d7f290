package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.routing.NginxConfig;
import io.roro.core.routing.Ports;
import io.roro.core.routing.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The stable endpoint of a project's services on the Docker target: one nginx container per project (host network,
 * 127.0.0.1 only) with a port per service. Each service has two fixed slots of backend ports (blue/green), both
 * always in nginx's upstream: a new version starts in the free slot, and nginx finds it by itself (a slot with
 * nothing listening is skipped). Switching versions therefore never reloads nginx, so no client connection is
 * closed under a client's feet; nginx reloads only when a service first appears or its replica count changes.
 */
public final class Router {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DockerCli docker;
    private final Path directory;
    private final String project;
    private final String scope;
    private final String image;

    /** @param scope the roro home's scope ({@link Backends#scope}): each home has its own router per project */
    public Router(DockerCli docker, Path routersRoot, String project, String scope, String image) {
        this.docker = docker;
        this.directory = routersRoot.resolve(project);
        this.project = project;
        this.scope = scope;
        this.image = image;
    }

    public String containerName() {
        return containerName(project, scope);
    }

    /** The router container of {@code project} in the roro home of {@code scope}, without the router. */
    static String containerName(String project, String scope) {
        return "roro-router-" + project + "-" + scope;
    }

    public Map<String, Route> routes() {
        return Route.readAll(directory.resolve("routes.json"));
    }

    /**
     * The route of {@code service} for {@code replicas} backends on {@code port}: the existing one when it fits
     * (no nginx change at all), else new slots, keeping the ports of the {@code live} backends as one of them so
     * they go on serving while the new ones start.
     */
    public Route prepare(String service, int port, int replicas, int timeoutSeconds, boolean toolkit,
            List<Integer> live) {
        Map<String, Route> routes = routes();
        Route existing = routes.get(service);
        if (existing != null && existing.port() == port && existing.timeoutSeconds() == timeoutSeconds
                && existing.toolkit() == toolkit
                && existing.slots().size() == 2
                && existing.slots().stream().allMatch(slot -> slot.size() == replicas)
                && existing.slots().stream().anyMatch(slot -> slot.containsAll(live)) && current(routes)
                && runsFromThisDirectory()) {
            return existing;
        }
        List<Integer> kept = live.isEmpty() ? Ports.free(replicas) : List.copyOf(live);
        List<Integer> other = Ports.free(replicas, kept);
        Route route = new Route(port, List.of(kept, other), timeoutSeconds, toolkit);
        routes.put(service, route);
        apply(routes);
        return route;
    }

    /** Whether nginx runs the configuration this roro writes for {@code routes} (an older roro's is rewritten). */
    private boolean current(Map<String, Route> routes) {
        try {
            return NginxConfig.render(routes, NginxConfig.Places.CONTAINER).equals(Files.readString(directory.resolve("nginx.conf")));
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the live generation of each service is kept, mounted read-only into its backends. */
    Path liveDirectory() {
        return directory.resolve("live");
    }

    /** {@link #liveDirectory()} of a project's router, without the router. */
    static Path liveDirectory(Path routersRoot, String project) {
        return routersRoot.resolve(project).resolve("live");
    }

    /** Takes {@code service} off the router. */
    public void remove(String service) {
        Map<String, Route> routes = routes();
        if (routes.remove(service) != null) {
            apply(routes);
        }
    }

    private void apply(Map<String, Route> routes) {
        write(routes);
        if (routes.isEmpty()) {
            docker.run(List.of("rm", "-f", containerName()), 60);
            return;
        }
        if (runsFromThisDirectory()) {
            docker.check(List.of("exec", containerName(), "nginx", "-c", "/etc/roro/nginx.conf", "-s", "reload"));
        } else {
            docker.run(List.of("rm", "-f", containerName()), 60);
            removeUnscopedRouter();
            docker.check(List.of("run", "-d", "--name", containerName(), "--network", "host",
                    "--label", "io.roro.project=" + project, "--label", "io.roro.role=router",
                    "--label", Backends.HOME_LABEL + "=" + scope,
                    "--label", "io.roro.router-dir=" + directory.toAbsolutePath(),
                    "--restart", "unless-stopped", "-v", directory.toAbsolutePath() + ":/etc/roro:ro",
                    image, "nginx", "-c", "/etc/roro/nginx.conf", "-g", "daemon off;"));
        }
        if (!running()) {
            throw new DockerException("the router of " + project + " is not running: "
                    + docker.run(List.of("logs", "--tail", "20", containerName()), 30).tail(20));
        }
    }

    /** This home's router as roro named it before homes were told apart: it holds the ports the new one takes. */
    private void removeUnscopedRouter() {
        String unscoped = "roro-router-" + project;
        String dir = docker.run(List.of("inspect", "-f", "{{index .Config.Labels \"io.roro.router-dir\"}}",
                unscoped), 30).stdout().trim();
        if (dir.equals(directory.toAbsolutePath().toString())) {
            docker.run(List.of("rm", "-f", unscoped), 60);
        }
    }

    /** Whether the router runs and reads this directory's routes (one docker call). */
    private boolean runsFromThisDirectory() {
        String state = docker.run(List.of("inspect", "-f", "{{.State.Running}} {{index .Config.Labels"
                + " \"io.roro.router-dir\"}}", containerName()), 30).stdout().trim();
        return state.equals("true " + directory.toAbsolutePath());
    }

    private boolean running() {
        return "true".equals(docker.run(List.of("inspect", "-f", "{{.State.Running}}", containerName()), 30)
                .stdout().trim());
    }

    private void write(Map<String, Route> routes) {
        try {
            Files.createDirectories(directory);
            Path routesFile = directory.resolve("routes.json");
            Path config = directory.resolve("nginx.conf");
            Path tmp = directory.resolve(".nginx.conf.tmp");
            Files.writeString(tmp, NginxConfig.render(routes, NginxConfig.Places.CONTAINER));
            tmp.toFile().setReadable(true, false);
            Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(routesFile, JSON.writeValueAsString(routes));
            directory.toFile().setExecutable(true, false);
            directory.toFile().setReadable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the router configuration: " + e.getMessage(), e);
        }
    }
}
