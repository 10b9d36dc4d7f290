package io.roro.core.platform.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which backends of a service hold which of its two router slots. The routed generation keeps its slot; the other
 * is where a serve starts the next one. A generation switched away from by an earlier serve may still be draining
 * there (stopped gracefully in the background): the next serve waits for it to end rather than give the router
 * new slots, because a reloaded nginx finishes its in-flight requests with the old upstreams, and those do not
 * know the new generation's ports (a request there after the switch found only standby backends: a 503).
 */
final class Slots {
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(30);

    private final DockerCli docker;
    private final Backends containers;

    Slots(DockerCli docker, Backends backends) {
        this.docker = docker;
        this.containers = backends;
    }

    /** The ports of the backends routed to now: the live generation's (all running ones without a live file). */
    static List<Integer> routed(List<Backends.Backend> backends, Optional<String> liveGeneration) {
        return backends.stream().filter(Backends.Backend::running).filter(b -> b.port() > 0)
                .filter(b -> liveGeneration.map(b.generation()::equals).orElse(true))
                .map(Backends.Backend::port).toList();
    }

    /**
     * Waits until no backend still holds a port of {@code slot}; one that will not go is removed. The wait is said
     * on {@code log} before it starts (it can take {@link #DRAIN_PATIENCE}: not silence), how it ended after.
     */
    void clear(List<Integer> slot, List<Backends.Backend> backends, Consumer<String> log) {
        List<Backends.Backend> holding = backends.stream().filter(Backends.Backend::running)
                .filter(b -> slot.contains(b.port())).toList();
        if (holding.isEmpty()) {
            return;
        }
        log.accept("roro: waiting up to " + DRAIN_PATIENCE.toSeconds() + " s for " + names(holding)
                + " (the version before) to finish its requests, to start the new version in its slot");
        Instant started = Instant.now();
        Instant deadline = started.plus(DRAIN_PATIENCE);
        List<Backends.Backend> left = holding;
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DockerException("interrupted while " + names(left) + " drained", e);
            }
            left = left.stream().filter(b -> containers.running(b.name())).toList();
        }
        if (!left.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(left.stream().map(Backends.Backend::name).toList());
            docker.run(rm, 60);
            log.accept("roro: removed " + names(left) + ", still draining after " + DRAIN_PATIENCE.toSeconds()
                    + " s, to start the new version in its place");
        } else {
            long ms = Duration.between(started, Instant.now()).toMillis();
            log.accept("roro: waited " + ms + " ms for " + names(holding) + " (the version before) to drain");
        }
    }

    private static String names(List<Backends.Backend> backends) {
        return String.join(", ", backends.stream().map(Backends.Backend::name).toList());
    }
}
