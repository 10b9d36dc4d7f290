package io.roro.core.platform.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.platform.PlatformException;
import io.roro.core.routing.LiveState;
import io.roro.core.routing.NginxConfig;
import io.roro.core.routing.Ports;
import io.roro.core.routing.Route;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A project's router on the local target: the nginx every target's router runs ({@link NginxConfig}), as a
 * process of this machine on 127.0.0.1, a port per service and two slots of backend ports, both always in its
 * upstream. Backends are told by their live file whether they take routed requests (roro_runtime's live gate), so
 * switching versions never reloads nginx; it reloads when a service appears, goes or changes its replicas.
 */
final class LocalRouter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalSettings settings;
    private final Path directory;

    LocalRouter(LocalSettings settings, String project) {
        this.settings = settings;
        this.directory = settings.routers().resolve(project);
    }

    /** Where each service's live file is: one line naming the generation that answers routed requests. */
    Path liveFile(String service) {
        return directory.resolve("live").resolve(service);
    }

    Map<String, Route> routes() {
        return Route.readAll(directory.resolve("routes.json"));
    }

    /**
     * The route of {@code service} for {@code replicas} backends on {@code port}: the existing one when it fits,
     * else new slots keeping the ports of the {@code live} backends as one of them; nginx runs with it on return.
     */
    Route prepare(String service, int port, int replicas, int timeoutSeconds, boolean toolkit, List<Integer> live) {
        // every serve passes here: the moment to keep the router's own log bounded
        ErrorLogs.rotate(directory.resolve("error.log"), ErrorLogs.MAX_BYTES, () -> {
            if (running()) {
                nginx("-s", "reopen");
            }
        });
        Map<String, Route> routes = routes();
        Route existing = routes.get(service);
        if (existing != null && existing.port() == port && existing.timeoutSeconds() == timeoutSeconds
                && existing.toolkit() == toolkit && existing.slots().stream().allMatch(s -> s.size() == replicas)
                && existing.slots().stream().anyMatch(s -> s.containsAll(live)) && running()) {
            return existing;
        }
        List<Integer> kept = live.isEmpty() ? Ports.free(replicas) : List.copyOf(live);
        Route route = new Route(port, List.of(kept, Ports.free(replicas, kept)), timeoutSeconds, toolkit);
        routes.put(service, route);
        apply(routes);
        return route;
    }

    /** Takes {@code service} off the router; the router stops with its last service. */
    void remove(String service) {
        Map<String, Route> routes = routes();
        Route removed = routes.remove(service);
        if (removed != null) {
            apply(routes);
            awaitClosed(removed.port());
        }
    }

    /** nginx closes a port it no longer serves after the signal, on its own time: what stop waits for. */
    private static void awaitClosed(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                Thread.sleep(20);
            } catch (IOException e) {
                return; // refused: nothing listens there any more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Before a service's first backends start: its live file names none, so they take no routed request yet. */
    void ensure(String service) {
        if (!Files.exists(liveFile(service))) {
            write(liveFile(service), "none\n");
        }
    }

    /** Names {@code generation} standby: the live generation's workers let go of the slot it starts in. */
    void standby(String service, String generation) {
        read(liveFile(service)).ifPresent(t -> write(liveFile(service), LiveState.standby(t, generation) + "\n"));
    }

    /** The live file without a standby generation: a serve that did not go live gives the slot back. */
    void settle(String service) {
        read(liveFile(service)).filter(t -> !LiveState.settled(t).equals(t))
                .ifPresent(t -> write(liveFile(service), LiveState.settled(t) + "\n"));
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes which generations of {@code service} answer routed requests and how, in one rename. */
    void switchTo(String service, LiveState state) {
        write(liveFile(service), state.render() + "\n");
    }

    private void apply(Map<String, Route> routes) {
        try {
            Files.createDirectories(directory.resolve("live"));
            Files.createDirectories(directory.resolve("temp"));
            Files.writeString(directory.resolve("routes.json"), JSON.writeValueAsString(routes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the router of " + directory + ": " + e.getMessage(), e);
        }
        if (routes.isEmpty()) {
            if (running()) {
                nginx("-s", "quit");
            }
            return;
        }
        write(config(), NginxConfig.render(routes, places()));
        if (running()) {
            nginx("-s", "reload");
        } else {
            // nginx makes itself a daemon: it outlives this command, its pid in the pid file
            nginx();
        }
        if (!running()) {
            throw new PlatformException("the router of " + directory.getFileName() + " is not running: "
                    + tail(directory.resolve("error.log")));
        }
    }

    /** What is nginx's own, in the router's directory; as root its workers stay this user (no other is needed). */
    private NginxConfig.Places places() {
        return new NginxConfig.Places(directory.resolve("nginx.pid").toString(),
                directory.resolve("error.log").toString(), directory.resolve("temp").toString(),
                "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty());
    }

    private Path config() {
        return directory.resolve("nginx.conf");
    }

    boolean running() {
        Path pid = directory.resolve("nginx.pid");
        try {
            return Files.exists(pid) && ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private void nginx(String... signal) {
        List<String> command = new ArrayList<>(List.of(settings.nginx(), "-p", directory.toString(), "-c",
                config().toString()));
        command.addAll(List.of(signal));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new PlatformException("nginx " + String.join(" ", signal) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new PlatformException("the local target routes services with nginx, and " + settings.nginx()
                    + " cannot run (" + e.getMessage() + "): install nginx (Debian: nginx-light) or set RORO_NGINX", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while starting the router", e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no error log)";
        }
    }
}
