package io.roro.core.rollout;

import io.roro.core.contract.Candidate;
import io.roro.core.serve.ServeException;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * How a new version of a service goes out: as a canary (with its share and the policy it is judged by) or a
 * shadow; empty, every request at once. One rule for `roro serve`, `roro deploy` and the Jenkins steps behind
 * them: roro.yml's {@code rollout:} makes each new version of a live service a canary unless told otherwise.
 */
public record RolloutPlan(Candidate.Mode mode, int share, RolloutPolicy policy) {

    /**
     * The service's policy: roro.yml's {@code rollout:} (else the defaults), with the share and the time to judge
     * in that were asked for instead of its own.
     */
    public static RolloutPolicy policy(ProjectSpec spec, String service, Optional<Integer> share,
            Optional<Duration> promoteAfter) {
        RolloutPolicy base = spec.service(service).flatMap(ServiceSpec::rollout)
                .orElse(RolloutPolicy.manual(RolloutPolicy.DEFAULT_CANARY));
        return new RolloutPolicy(share.orElse(base.canary()), promoteAfter.or(base::promoteAfter),
                base.maxErrorRate(), base.maxP99Ms(), base.minRequests());
    }

    /**
     * What a serve asks for; what cannot go together is a ServeException saying why.
     *
     * @param live      whether the service is live now (roro.yml's rollout: applies to a live one only)
     * @param canary    --canary's share; present but empty: the policy's
     * @param allAtOnce every request at once even with rollout:
     */
    public static Optional<RolloutPlan> of(ProjectSpec spec, String service, boolean live,
            Optional<Optional<Integer>> canary, boolean shadow, Optional<Duration> promoteAfter, boolean allAtOnce) {
        if (shadow && canary.isPresent()) {
            throw new ServeException("--shadow and --canary: a version is either a canary (a share of the requests)"
                    + " or a shadow (a copy of each), not both");
        }
        if (allAtOnce && (shadow || canary.isPresent() || promoteAfter.isPresent())) {
            throw new ServeException("--all-at-once switches every request at once; it does not go with --canary,"
                    + " --shadow or --promote-after");
        }
        if (shadow) {
            if (promoteAfter.isPresent()) {
                throw new ServeException("--promote-after judges a canary; a shadow answers no user, so it is"
                        + " promoted by `roro promote` once `roro traffic` shows it answers as it should");
            }
            return Optional.of(new RolloutPlan(Candidate.Mode.SHADOW, 0, policy(spec, service, Optional.empty(),
                    Optional.empty())));
        }
        boolean configured = spec.service(service).flatMap(ServiceSpec::rollout).isPresent();
        if (canary.isEmpty() && promoteAfter.isEmpty() && (!configured || allAtOnce || !live)) {
            return Optional.empty();
        }
        RolloutPolicy policy = policy(spec, service, canary.flatMap(s -> s), promoteAfter);
        return Optional.of(new RolloutPlan(Candidate.Mode.CANARY, policy.canary(), policy));
    }
}
