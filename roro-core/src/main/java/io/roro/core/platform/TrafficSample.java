package io.roro.core.platform;

/**
 * One reading of a service with a candidate beside its live version: what each answered so far, and for a
 * shadow how its answers compared. Readings are cumulative; what happened in between is {@link #since}.
 */
public record TrafficSample(ServedCounts live, ServedCounts candidate, ShadowCounts shadow) {

    public TrafficSample since(TrafficSample earlier) {
        return new TrafficSample(live.minus(earlier.live), candidate.minus(earlier.candidate),
                shadow.minus(earlier.shadow));
    }
}
