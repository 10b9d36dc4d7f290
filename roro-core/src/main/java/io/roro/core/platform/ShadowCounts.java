package io.roro.core.platform;

/**
 * How a shadow's answers compared with the live ones, as the live replicas counted the copies they sent it.
 *
 * @param requests copies the shadow answered or failed
 * @param errors   copies it answered with a 5xx, or not at all
 * @param differ   copies it answered otherwise than the live version did (another status or another JSON value)
 * @param skipped  copies not sent because the shadow lagged behind
 * @param latency  how long it took (its errors and requests as above)
 */
public record ShadowCounts(long requests, long errors, long differ, long skipped, ServedCounts latency) {

    public static ShadowCounts none() {
        return new ShadowCounts(0, 0, 0, 0, ServedCounts.none());
    }

    public double differRate() {
        return requests == 0 ? 0 : (double) differ / requests;
    }

    public ShadowCounts plus(ShadowCounts other) {
        return new ShadowCounts(requests + other.requests, errors + other.errors, differ + other.differ,
                skipped + other.skipped, latency.plus(other.latency));
    }

    public ShadowCounts minus(ShadowCounts earlier) {
        return new ShadowCounts(Math.max(0, requests - earlier.requests), Math.max(0, errors - earlier.errors),
                Math.max(0, differ - earlier.differ), Math.max(0, skipped - earlier.skipped),
                latency.minus(earlier.latency));
    }
}
