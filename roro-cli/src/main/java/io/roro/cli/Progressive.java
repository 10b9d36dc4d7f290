package io.roro.cli;

import io.roro.core.lineage.Candidate;
import io.roro.core.lineage.Deployment;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.DeploymentEventType;
import io.roro.core.rollout.CanaryOperation;
import io.roro.core.rollout.CanaryWatch;
import io.roro.core.serve.ServeException;
import io.roro.core.spec.ServiceSpec;
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

    /**
     * What was asked: a canary (--canary, or roro.yml's rollout: for a service that is live, unless
     * --all-at-once), a shadow (--shadow), or nothing progressive (empty).
     */
    static Optional<Progressive> asked(ProjectSession session, String service, Integer canary, boolean shadow,
            Optional<Duration> promoteAfter, boolean allAtOnce) {
        Optional<RolloutPolicy> configured = session.spec.service(service).flatMap(ServiceSpec::rollout);
        if (shadow && canary != null) {
            throw new ServeException("--shadow and --canary: a version is either a canary (a share of the requests)"
                    + " or a shadow (a copy of each), not both");
        }
        if (allAtOnce && (shadow || canary != null || promoteAfter.isPresent())) {
            throw new ServeException("--all-at-once switches every request at once; it does not go with --canary,"
                    + " --shadow or --promote-after");
        }
        if (shadow) {
            if (promoteAfter.isPresent()) {
                throw new ServeException("--promote-after judges a canary; a shadow answers no user, so it is"
                        + " promoted by `roro promote` once `roro traffic` shows it answers as it should");
            }
            return Optional.of(new Progressive(service, Candidate.Mode.SHADOW, 0,
                    configured.orElse(RolloutPolicy.manual(RolloutPolicy.DEFAULT_CANARY))));
        }
        boolean live = session.lineage().deployments().deployment(session.spec.project(), service)
                .filter(Deployment::isLive).isPresent();
        if (canary == null && (configured.isEmpty() || allAtOnce || !live) && promoteAfter.isEmpty()) {
            return Optional.empty();
        }
        RolloutPolicy base = configured.orElse(RolloutPolicy.manual(RolloutPolicy.DEFAULT_CANARY));
        int share = canary == null || canary == 0 ? base.canary() : canary;
        RolloutPolicy policy = new RolloutPolicy(share, promoteAfter.or(base::promoteAfter), base.maxErrorRate(),
                base.maxP99Ms(), base.minRequests());
        return Optional.of(new Progressive(service, Candidate.Mode.CANARY, share, policy));
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
                                + io.roro.core.spec.Durations.format(d)).orElse("; `roro promote " + service
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
