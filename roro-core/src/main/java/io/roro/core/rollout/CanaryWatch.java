package io.roro.core.rollout;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.Origin;
import io.roro.core.platform.Platform;
import io.roro.core.platform.ServedCounts;
import io.roro.core.platform.TrafficSample;
import io.roro.core.serve.ServeException;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches a running canary and carries out the judge's verdict: reads both versions' metrics every
 * {@code interval}, promotes or takes the canary away when the judge says so, and stops watching when someone else
 * did either (lineage no longer records this candidate). Time counts from the canary's start as lineage records
 * it, so a watch started again after an interrupted one keeps the same deadline; the canary's numbers are its
 * whole life (its replicas only ever served as the canary), the live version's those since the watch began.
 */
public final class CanaryWatch {
    private final Platform platform;
    private final Lineage lineage;
    private final CanaryOperation operation;
    private final Clock clock;
    private final Duration interval;

    public CanaryWatch(Platform platform, Lineage lineage, Clock clock, Duration interval) {
        this.platform = platform;
        this.lineage = lineage;
        this.operation = new CanaryOperation(platform, lineage);
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * The canary's verdict: the one carried out already when a watch ended it (the judge asked again, as a Jenkins
     * step started again after a restart asks), else {@link #watch}'s.
     */
    public Optional<DeploymentEvent> judge(String project, String service, RolloutPolicy policy, Origin origin,
            Consumer<String> log) {
        Optional<DeploymentEvent> verdict = operation.verdict(project, service);
        return verdict.isPresent() ? verdict : watch(project, service, policy, origin, log);
    }

    /**
     * Until the verdict is carried out; returns the PROMOTED or ABORTED event (empty if another command did it).
     * The canary's recorded deadline wins over {@code policy}'s promote_after; the limits are {@code policy}'s.
     */
    public Optional<DeploymentEvent> watch(String project, String service, RolloutPolicy policy, Origin origin,
            Consumer<String> log) {
        Deployment current = operation.withCandidate(project, service, "watch");
        Candidate candidate = current.candidate().orElseThrow();
        if (candidate.mode() != Candidate.Mode.CANARY) {
            throw new ServeException(project + ":" + service + " runs a " + candidate.describe() + ": a shadow"
                    + " answers no user, so it is not promoted on its own; `roro traffic " + service + "` shows"
                    + " how its answers compare, `roro promote " + service + "` makes it live");
        }
        Instant startedAt = current.updatedAt();
        // the deadline recorded with the canary is the one it was started with, whoever watches it now
        RolloutPolicy judged = candidate.judgeFor().map(d -> new RolloutPolicy(policy.canary(), Optional.of(d),
                policy.maxErrorRate(), policy.maxP99Ms(), policy.minRequests())).orElse(policy);
        if (judged.promoteAfter().isEmpty()) {
            throw new ServeException(project + ":" + service + "'s " + candidate.describe() + " has no time to be"
                    + " judged in: give --promote-after, or roro.yml's rollout.promote_after");
        }
        CanaryJudge judge = new CanaryJudge(judged);
        TrafficSample baseline = platform.services().sample(project, service);
        baseline = new TrafficSample(baseline.live(), ServedCounts.none(), baseline.shadow());
        Instant lastSaid = Instant.EPOCH;
        while (true) {
            sleep();
            Optional<Deployment> now = lineage.deployments().deployment(project, service);
            if (now.flatMap(Deployment::candidate).filter(candidate::equals).isEmpty()
                    || now.get().revision() != current.revision()) {
                log.accept(project + ":" + service + ": " + candidate.describe() + " was promoted or taken away"
                        + " by another command; stopped watching");
                return Optional.empty();
            }
            Duration elapsed = Duration.between(startedAt, clock.instant());
            Verdict verdict = judge.judge(platform.services().sample(project, service).since(baseline), elapsed);
            switch (verdict.decision()) {
                case PROMOTE:
                    log.accept("promoting " + candidate.describe() + ": " + verdict.reason());
                    return Optional.of(operation.promote(project, service, Optional.of(verdict.reason()), origin,
                            log));
                case ABORT:
                    log.accept("taking " + candidate.describe() + " away: " + verdict.reason());
                    return Optional.of(operation.abort(project, service, verdict.reason(), origin, log));
                default:
                    if (Duration.between(lastSaid, clock.instant()).toSeconds() >= 10) {
                        log.accept(candidate.describe() + " after " + elapsed.toSeconds() + " s: " + verdict.reason());
                        lastSaid = clock.instant();
                    }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServeException("stopped watching: the canary keeps its share until `roro promote` or"
                    + " `roro rollback` (or another watch)", e);
        }
    }
}
