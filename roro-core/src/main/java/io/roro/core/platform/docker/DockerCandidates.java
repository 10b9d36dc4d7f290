package io.roro.core.platform.docker;

import io.roro.core.platform.LoopbackHttp;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeMetrics;
import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.ShadowCounts;
import io.roro.core.platform.TrafficSample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A canary's or shadow's backends after they went live beside the live generation: promoted (the live file
 * names them alone, the old generation drains), dropped (the live generation alone again, theirs drain), and
 * read (each backend's /metrics, asked directly on its port as roro's health probe is).
 */
final class DockerCandidates {

    private final Backends backends;
    private final Path routersRoot;
    private final HandOver handOver;

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
            log.accept("router sends every request of " + project + ":" + service + " to its live version again;"
                    + " removing " + candidate);
            handOver.inBackground(List.of(), candidate);
        }
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

    /** A backend's /metrics; a backend that does not answer counts as having answered nothing yet. */
    private static String metrics(int port) {
        try {
            HttpResponse<String> response = LoopbackHttp.client().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while reading the metrics of 127.0.0.1:" + port);
        }
    }
}
