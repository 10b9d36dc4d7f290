package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeMetrics;
import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.ShadowCounts;
import io.roro.core.platform.TrafficSample;
import io.roro.core.routing.LiveState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A canary's or shadow's backends after they went live beside the live generation: promoted (the live file
 * names them alone, the old generation drains), dropped (the live generation alone again, theirs drain), and
 * read (each backend's /metrics, asked directly on its port as roro's health probe is).
 */
final class DockerCandidates {

    private final Backends backends;
    private final Path routersRoot;
    private final HandOver handOver;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module());
    private static final Logger LOG = Logger.getLogger(
            DockerCandidates.class.getName());

    DockerCandidates(Backends backends, Path routersRoot, HandOver handOver) {
        this.backends = backends;
        this.routersRoot = routersRoot;
        this.handOver = handOver;
    }

    void promote(String project, String service, Consumer<String> log) {
        LiveRoutes live = live(project);
        try (LiveRoutes.Held lock = live.lock(service)) {
            LiveState state = withCandidate(live, project, service);
            String next = state.candidate().orElseThrow().generation();
            List<String> old = names(project, service, state.live());
            live.switchTo(service, next);
            log.accept("router sends every request of " + project + ":" + service + " to " + names(project, service,
                    next) + "; draining " + (old.isEmpty() ? "nothing" : old));
            handOver.inBackground(List.of(), old);
        }
    }

    void drop(String project, String service, Consumer<String> log) {
        LiveRoutes live = live(project);
        try (LiveRoutes.Held lock = live.lock(service)) {
            LiveState state = withCandidate(live, project, service);
            List<String> candidate = names(project, service, state.candidate().orElseThrow().generation());
            live.switchTo(service, state.live());
            live.draining(service, state.candidate().orElseThrow().generation());
            log.accept("router sends every request of " + project + ":" + service + " to its live version again;"
                    + " removing " + candidate);
            handOver.inBackground(List.of(), candidate);
        }
    }

    /** What the live generation's backends had answered when a candidate started beside it (see {@link #sample}). */
    private record Baseline(String generation, ServedCounts live) {
    }

    /**
     * Notes what the live backends of {@code generation} have answered so far, as a candidate starts beside them:
     * the live side of a sample then counts from the candidate's start, as the candidate's own side does.
     */
    void startBaseline(String project, String service, String generation) {
        ServedCounts live = ServedCounts.none();
        for (int port : ports(project, service, generation)) {
            live = live.plus(RuntimeMetrics.served(metrics(port)));
        }
        Path file = baselineFile(project, service);
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), new Baseline(generation, live));
        } catch (IOException e) {
            // the live side then counts from its backends' start, as before
            LOG.log(Level.WARNING, "cannot keep the live side's counts at the candidate's start: " + e.getMessage(), e);
        }
    }

    private Optional<ServedCounts> baseline(String project, String service, String generation) {
        try {
            Baseline b = JSON.readValue(baselineFile(project, service).toFile(), Baseline.class);
            return b.generation().equals(generation) ? Optional.of(b.live()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // none kept: counted from the backends' start
        }
    }

    private Path baselineFile(String project, String service) {
        return routersRoot.resolve(project).resolve("baselines").resolve(service + ".json");
    }

    TrafficSample sample(String project, String service) {
        LiveState state = withCandidate(live(project), project, service);
        ServedCounts live = ServedCounts.none();
        ShadowCounts shadow = ShadowCounts.none();
        for (int port : ports(project, service, state.live())) {
            String text = metrics(port);
            live = live.plus(RuntimeMetrics.served(text));
            shadow = shadow.plus(RuntimeMetrics.shadow(text));
        }
        Optional<ServedCounts> atStart = baseline(project, service, state.live());
        // a live backend restarted since (its counters began again) is counted whole
        if (atStart.isPresent() && live.requests() >= atStart.get().requests()) {
            live = live.minus(atStart.get());
        }
        ServedCounts candidate = ServedCounts.none();
        for (int port : ports(project, service, state.candidate().orElseThrow().generation())) {
            candidate = candidate.plus(RuntimeMetrics.served(metrics(port)));
        }
        return new TrafficSample(live, candidate, shadow);
    }

    private LiveRoutes live(String project) {
        return new LiveRoutes(Router.liveDirectory(routersRoot, project));
    }

    private static LiveState withCandidate(LiveRoutes live, String project, String service) {
        return live.state(service).filter(s -> s.candidate().isPresent()).orElseThrow(() -> new PlatformException(
                "no canary or shadow of " + project + ":" + service + " takes traffic on this engine"));
    }

    private List<String> names(String project, String service, String generation) {
        return backends.of(project, service).stream().filter(b -> b.generation().equals(generation))
                .map(Backends.Backend::name).toList();
    }

    private List<Integer> ports(String project, String service, String generation) {
        return backends.of(project, service).stream().filter(b -> b.generation().equals(generation))
                .filter(Backends.Backend::running).map(Backends.Backend::port).filter(p -> p > 0).toList();
    }

    private static String metrics(int port) {
        return RuntimeMetrics.read(port);
    }
}
