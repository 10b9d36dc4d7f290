package io.roro.core.platform.docker;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.routing.LiveState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Puts a service's backends in line with lineage after an interrupted serve or deploy (kill -9, a crash): the
 * generation that runs what lineage records as live is the one routed to, and backends of any other generation
 * are stopped. Nothing is touched while a serve of the service holds its lock: its new backends are not leftovers.
 */
final class Leftovers {
    private final DockerCli docker;
    private final LiveRoutes live;

    Leftovers(DockerCli docker, LiveRoutes live) {
        this.docker = docker;
        this.live = live;
    }

    /** Returns the backends that stay; says on {@code log} what it changed. */
    List<Backends.Backend> putRight(String project, String service, Optional<Deployment> recorded,
            List<Backends.Backend> backends, Consumer<String> log) {
        Optional<LiveRoutes.Held> lock = live.tryLock(service);
        if (lock.isEmpty()) {
            return backends; // a serve of it runs now
        }
        try (LiveRoutes.Held held = lock.get()) {
            return putRightHeld(project, service, recorded, backends, log);
        }
    }

    /** {@link #putRight} by the holder of the service's lock (a serve, before it chooses its slot). */
    List<Backends.Backend> putRightHeld(String project, String service, Optional<Deployment> recorded,
            List<Backends.Backend> backends, Consumer<String> log) {
        Optional<String> routed = live.live(service);
        String keep = keep(recorded, backends, routed);
        Optional<LiveState.CandidateRoute> candidate = keep == null ? Optional.empty()
                : candidate(recorded.get(), backends, keep, live.state(service));
        // (a hand-over killed in its overlap admits two states: the one lineage records stays alone)
        LiveState expected = new LiveState(keep == null ? "" : keep, candidate);
        if (keep != null && !keep.isEmpty() && !live.text(service).equals(Optional.of(expected.render()))) {
            live.switchTo(service, expected);
            log.accept("roro: " + project + ":" + service + " is recorded as serving "
                    + recorded.flatMap(Deployment::modelVersion).orElse("its build")
                    + recorded.flatMap(Deployment::candidate).filter(c -> candidate.isPresent())
                            .map(c -> " with " + c.describe()).orElse("")
                    + "; its backends now take its traffic (an interrupted command had not switched to them)");
        }
        // a generation that was live once and is not now drains under its serve's hand-over; one that never
        // was is what an interrupted command left (a candidate lineage records is neither)
        List<String> wereLive = live.wereLive(service);
        Optional<String> candidateGeneration = candidate.map(LiveState.CandidateRoute::generation);
        List<Backends.Backend> leftover = backends.stream().filter(b -> !b.generation().isEmpty()
                && !b.generation().equals(keep) && !candidateGeneration.equals(Optional.of(b.generation()))
                && !wereLive.contains(b.generation())).toList();
        if (!leftover.isEmpty()) {
            remove(project, service, leftover, log);
        }
        return backends.stream().filter(b -> !leftover.contains(b)).toList();
    }

    /** The generation lineage's live record runs on: the routed one when it does, else one that does. */
    private static String keep(Optional<Deployment> recorded, List<Backends.Backend> backends,
            Optional<String> routed) {
        if (recorded.isEmpty() || !recorded.get().isLive()) {
            return null; // nothing is live: no generation is kept
        }
        Deployment d = recorded.get();
        Predicate<Backends.Backend> serving = b -> b.running()
                && b.modelVersion().equals(d.modelVersion().orElse(""))
                && (b.build().isEmpty() || d.buildVersion().map(b.build()::equals).orElse(false));
        if (routed.isPresent() && backends.stream().anyMatch(b -> b.generation().equals(routed.get())
                && serving.test(b))) {
            return routed.get();
        }
        return backends.stream().filter(serving).map(Backends.Backend::generation).filter(g -> !g.isEmpty())
                .findFirst().orElse(routed.orElse(null));
    }

    /**
     * The candidate lineage records beside the live version, on the backends that run it: the generation the live
     * file names when it does, else one that does; empty when lineage records none or none of its backends runs.
     */
    private static Optional<LiveState.CandidateRoute> candidate(Deployment d, List<Backends.Backend> backends,
            String keep, Optional<LiveState> routed) {
        if (d.candidate().isEmpty()) {
            return Optional.empty();
        }
        Candidate c = d.candidate().get();
        Predicate<Backends.Backend> runsIt = b -> b.running() && !b.generation().isEmpty()
                && !b.generation().equals(keep) && b.modelVersion().equals(c.modelVersion().orElse(""))
                && (b.build().isEmpty() || c.buildVersion().map(b.build()::equals).orElse(false));
        Optional<String> named = routed.flatMap(LiveState::candidate).map(LiveState.CandidateRoute::generation);
        Optional<String> generation = named.filter(g -> backends.stream().anyMatch(b -> b.generation().equals(g)
                && runsIt.test(b))).or(() -> backends.stream().filter(runsIt).map(Backends.Backend::generation)
                        .findFirst());
        return generation.map(g -> new LiveState.CandidateRoute(g, c.mode(), c.share(), backends.stream()
                .filter(b -> b.generation().equals(g) && b.running()).map(Backends.Backend::port).sorted().toList()));
    }

    /** Removes backends that never took routed traffic (they answered routed requests with 503): at once. */
    private void remove(String project, String service, List<Backends.Backend> leftover, Consumer<String> log) {
        List<String> names = leftover.stream().map(Backends.Backend::name).toList();
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(names);
        docker.run(rm, 60);
        log.accept("roro: removed " + names.size() + " backend" + (names.size() == 1 ? "" : "s") + " of " + project
                + ":" + service + " that an interrupted serve or deploy left and lineage does not list as live: "
                + String.join(", ", names));
    }
}
