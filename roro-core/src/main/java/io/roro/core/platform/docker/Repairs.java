package io.roro.core.platform.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts again what {@code docker kill} (or an operator's {@code docker stop}) left stopped: the project's router
 * and the backends of the generation that takes a live service's traffic. The engine's restart policy brings back
 * a container that crashed, not one that was killed or stopped by hand, so without this a killed router left every
 * endpoint refusing while {@code ps} said RUNNING. Only while no serve of the service runs (its lock is free), and
 * said on the log, since something outside roro did it.
 */
final class Repairs {
    private final DockerCli docker;

    Repairs(DockerCli docker) {
        this.docker = docker;
    }

    /** Starts the project's router container when it exists and is not running. */
    void router(String project, String routerName, Consumer<String> log) {
        if (!docker.running(routerName) && docker.run(List.of("start", routerName), 60).ok()) {
            log.accept("roro: the router of " + project + " (" + routerName + ") was not running (killed or"
                    + " stopped outside roro); started it again");
        }
    }

    /**
     * Starts the stopped backends among {@code backends} of the {@code live} generation; returns the backends with
     * those it started marked running.
     */
    List<Backends.Backend> backends(String project, String service, List<Backends.Backend> backends,
            Optional<String> live, LiveRoutes routes, Consumer<String> log) {
        List<Backends.Backend> stopped = backends.stream().filter(b -> !b.running() && live.isPresent()
                && b.generation().equals(live.get())).toList();
        if (stopped.isEmpty()) {
            return backends;
        }
        Optional<LiveRoutes.Held> lock = routes.tryLock(service);
        if (lock.isEmpty()) {
            return backends; // a serve of it runs now: what it leaves is its own
        }
        List<Backends.Backend> now = new ArrayList<>(backends);
        try (LiveRoutes.Held held = lock.get()) {
            for (Backends.Backend backend : stopped) {
                if (docker.run(List.of("start", backend.name()), 60).ok()) {
                    now.set(now.indexOf(backend), backend.started());
                    log.accept("roro: backend " + backend.name() + " of " + project + ":" + service + " was not"
                            + " running (killed or stopped outside roro); started it again");
                }
            }
        }
        return now;
    }
}
