package io.roro.cli;

import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.CanaryWatch;
import io.roro.core.rollout.RolloutPlan;
import io.roro.core.serve.ServeException;
import io.roro.core.spec.Durations;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A serve that starts a canary or a shadow instead of switching every request: what the options and roro.yml's
 * {@code rollout:} ask for, resolved once. With a time to judge it in, the command then watches the canary and
 * ends with the promotion, or fails with the reason it was taken away (what the Jenkins step fails the build on).
 */
record Progressive(String service, Candidate.Mode mode, int share, RolloutPolicy policy) {
    /** How often a watched canary's metrics are read. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** What was asked (core's RolloutPlan: --canary, --shadow, or roro.yml's rollout: for a live service). */
    static Optional<Progressive> asked(ProjectSession session, String service, Integer canary, boolean shadow,
            Optional<Duration> promoteAfter, boolean allAtOnce) {
        boolean live = session.lineage().deployments().deployment(session.spec.project(), service)
                .filter(Deployment::isLive).isPresent();
        // --canary alone (picocli's fallback 0) takes the policy's share
        Optional<Optional<Integer>> share = Optional.ofNullable(canary).map(n -> Optional.of(n).filter(v -> v != 0));
        return RolloutPlan.of(session.spec, service, live, share, shadow, promoteAfter, allAtOnce)
                .map(plan -> new Progressive(service, plan.mode(), plan.share(), plan.policy()));
    }

    /**
     * Starts it; with a time to judge it in (and not {@code detach}ed), watches it to its end. Returns the last
     * event recorded.
     */
    DeploymentEvent run(ProjectSession session, Optional<String> version, boolean detach) {
        CanaryOperation operation = new CanaryOperation(session.platform, session.lineage());
        DeploymentEvent started = operation.start(session.spec, service, version, mode, share,
                policy.promoteAfter(), session::build, session.origin, session.log);
        Candidate candidate = started.candidate().orElseThrow();
        session.log.accept(candidate.describe() + " beside " + started.modelVersion().orElse("the live build")
                + " at " + started.endpoint().orElse("its endpoint") + (mode == Candidate.Mode.CANARY
                        ? policy.promoteAfter().filter(d -> !detach).map(d -> "; judged for "
                                + Durations.format(d)).orElse("; `roro promote " + service
                                        + (detach ? " --judge" : "") + "` or `roro rollback " + service + "` next")
                        : "; `roro traffic " + service + "` shows how its answers compare"));
        if (mode != Candidate.Mode.CANARY || policy.promoteAfter().isEmpty() || detach) {
            return started;
        }
        Optional<DeploymentEvent> outcome = new CanaryWatch(session.platform, session.lineage(), Clock.systemUTC(),
                INTERVAL).watch(session.spec.project(), service, policy, session.origin, session.log);
        return outcome.map(Progressive::settled).orElse(started);
    }

    /** A promotion as the command's answer; a canary taken away as its failure. */
    static DeploymentEvent settled(DeploymentEvent event) {
        if (event.type() == DeploymentEventType.ABORTED) {
            throw new ServeException("the canary was taken away: " + event.message().orElse("")
                    + " (recorded as revision " + event.revision() + " of " + event.project() + ":" + event.service()
                    + ")");
        }
        return event;
    }
}
