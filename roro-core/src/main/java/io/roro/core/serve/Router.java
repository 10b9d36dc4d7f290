package io.roro.core.serve;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.runtime.DockerCli;
import io.roro.core.runtime.DockerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable endpoint of a project's services on the Docker target: one nginx container per project (host network,
 * 127.0.0.1 only) with a port per service, proxying to the service's current backend containers. Switching
 * versions rewrites the configuration and reloads nginx, which keeps its listening sockets and lets in-flight
 * requests finish: no request fails during a switch.
 */
public final class Router {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A service's public port and the backends behind it. */
    public record Route(int port, List<Integer> backends) {
    }

    private final DockerCli docker;
    private final Path directory;
    private final String project;
    private final String image;

    public Router(DockerCli docker, Path routersRoot, String project, String image) {
        this.docker = docker;
        this.directory = routersRoot.resolve(project);
        this.project = project;
        this.image = image;
    }

    public String containerName() {
        return "roro-router-" + project;
    }

    public Map<String, Route> routes() {
        Path file = directory.resolve("routes.json");
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Route>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Points {@code service} at {@code backends} (or removes it when empty) and makes nginx use it now. */
    public void route(String service, Route route) {
        Map<String, Route> routes = routes();
        if (route == null || route.backends().isEmpty()) {
            routes.remove(service);
        } else {
            routes.put(service, route);
        }
        write(routes);
        if (routes.isEmpty()) {
            docker.run(List.of("rm", "-f", containerName()), 60);
            return;
        }
        if (running() && servesThisDirectory()) {
            docker.check(List.of("exec", containerName(), "nginx", "-c", "/etc/roro/nginx.conf", "-s", "reload"));
        } else {
            docker.run(List.of("rm", "-f", containerName()), 60);
            docker.check(List.of("run", "-d", "--name", containerName(), "--network", "host",
                    "--label", "io.roro.project=" + project, "--label", "io.roro.role=router",
                    "--label", "io.roro.router-dir=" + directory.toAbsolutePath(),
                    "--restart", "unless-stopped", "-v", directory.toAbsolutePath() + ":/etc/roro:ro",
                    image, "nginx", "-c", "/etc/roro/nginx.conf", "-g", "daemon off;"));
        }
        if (!running()) {
            throw new DockerException("the router of " + project + " is not running: "
                    + docker.run(List.of("logs", "--tail", "20", containerName()), 30).tail(20));
        }
    }

    /** A router started from another roro home (another RORO_HOME) reads other routes: replace it. */
    private boolean servesThisDirectory() {
        String dir = docker.run(List.of("inspect", "-f", "{{index .Config.Labels \"io.roro.router-dir\"}}",
                containerName()), 30).stdout().trim();
        return dir.equals(directory.toAbsolutePath().toString());
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
            Files.writeString(tmp, NginxConfig.render(routes));
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
