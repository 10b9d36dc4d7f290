package io.roro.core.platform;

import java.util.Optional;

/**
 * What a platform's rollout of a service came to.
 *
 * @param endpoint       where the service answers
 * @param replicas       replicas it runs with now
 * @param message        why it is not live (for {@link Outcome#NOT_LIVE})
 * @param failedHow      how the platform says it failed ("failed its health check", "did not roll out")
 * @param previousServes for NOT_LIVE: whether what served before still does
 * @param goLive         for LIVE, once lineage has recorded it: traffic moves to the new replicas (the old ones
 *                       drain in the background). Until then the new replicas get no traffic, so what is routed
 *                       to is always what lineage says is live.
 * @param abandon        for LIVE, when lineage could not record it: the new replicas go, the old ones stay live
 */
public record Rollout(Outcome outcome, String endpoint, int replicas, Optional<String> message, String failedHow,
        boolean previousServes, Runnable goLive, Runnable abandon) {

    public enum Outcome {
        /** The new version serves. */
        LIVE,
        /** The platform already ran exactly this: nothing changed, nothing to record. */
        UNCHANGED,
        /** The new version never became healthy; see previousServes. */
        NOT_LIVE
    }

    public static Rollout live(String endpoint, int replicas, Runnable goLive, Runnable abandon) {
        return new Rollout(Outcome.LIVE, endpoint, replicas, Optional.empty(), "", false, goLive, abandon);
    }

    public static Rollout unchanged(String endpoint, int replicas) {
        return new Rollout(Outcome.UNCHANGED, endpoint, replicas, Optional.empty(), "", false, () -> { }, () -> { });
    }

    public static Rollout notLive(String endpoint, int replicas, String failedHow, String message,
            boolean previousServes) {
        return new Rollout(Outcome.NOT_LIVE, endpoint, replicas, Optional.of(message), failedHow, previousServes,
                () -> { }, () -> { });
    }
}
