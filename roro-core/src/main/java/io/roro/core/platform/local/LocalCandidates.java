package io.roro.core.platform.local;

import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeMetrics;
import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.ShadowCounts;
import io.roro.core.platform.TrafficSample;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A canary or shadow beside a live version on the local target: both generations run, the live file says which
 * routed requests each takes (or that the live one copies each prediction to the shadow), and their /metrics say
 * what each answered. Promoting hands every request to the candidate; dropping takes it away. Called under the
 * service's lock by the operations.
 */
final class LocalCandidates {
    private final LocalSettings settings;
    private final LocalServices services;

    LocalCandidates(LocalSettings settings, LocalServices services) {
        this.settings = settings;
        this.services = services;
    }

    void promote(String project, String service, Consumer<String> log) {
        ServiceState state = withCandidate(project, service);
        ServiceState promoted = state.promoted();
        new LocalRouter(settings, project).switchTo(service, promoted.live());
        promoted.write(services.stateFile(project, service));
        log.accept("the router sends every request of " + project + ":" + service + " to the candidate; the version"
                + " that was live finishes what it has and stops");
        LocalServices.sleep(1_000);
        state.backends().forEach(b -> b.local().stop(10_000));
    }

    void drop(String project, String service, Consumer<String> log) {
        ServiceState state = withCandidate(project, service);
        ServiceState without = state.withCandidate(Optional.empty());
        new LocalRouter(settings, project).switchTo(service, without.live());
        without.write(services.stateFile(project, service));
        log.accept("the router sends every request of " + project + ":" + service + " to its live version again");
        LocalServices.sleep(1_000);
        state.candidate().orElseThrow().backends().forEach(b -> b.local().stop(10_000));
    }

    /** What each side answered since the candidate started (a live backend restarted since counts whole). */
    TrafficSample sample(String project, String service) {
        ServiceState state = withCandidate(project, service);
        ServedCounts live = served(state);
        ShadowCounts shadow = ShadowCounts.none();
        for (ServiceState.Backend b : state.running()) {
            shadow = shadow.plus(RuntimeMetrics.shadow(RuntimeMetrics.read(b.port())));
        }
        ServedCounts atStart = state.candidate().orElseThrow().liveAtStart();
        if (live.requests() >= atStart.requests()) {
            live = live.minus(atStart);
        }
        ServedCounts candidate = ServedCounts.none();
        for (ServiceState.Backend b : state.candidate().orElseThrow().backends()) {
            candidate = candidate.plus(RuntimeMetrics.served(RuntimeMetrics.read(b.port())));
        }
        return new TrafficSample(live, candidate, shadow);
    }

    /** What the live backends of {@code state} have answered so far. */
    ServedCounts served(ServiceState state) {
        ServedCounts served = ServedCounts.none();
        for (ServiceState.Backend b : state.running()) {
            served = served.plus(RuntimeMetrics.served(RuntimeMetrics.read(b.port())));
        }
        return served;
    }

    private ServiceState withCandidate(String project, String service) {
        return services.state(project, service).filter(s -> s.candidate().isPresent()).orElseThrow(() ->
                new PlatformException("no canary or shadow of " + project + ":" + service + " takes traffic on"
                        + " this machine"));
    }
}
