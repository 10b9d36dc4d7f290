package io.roro.core.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What some replicas of one version answered: predictions, how many of them failed (5xx), and their latency as a
 * cumulative histogram (the serving toolkit's buckets). Counters only grow while a replica lives, so what happened
 * between two readings is {@link #minus}.
 *
 * @param bounds     the histogram's upper bounds in seconds, ascending (the last bucket, +Inf, is {@code requests})
 * @param cumulative how many answers took at most each bound
 */
public record ServedCounts(long requests, long errors, List<Double> bounds, List<Long> cumulative) {

    public ServedCounts {
        bounds = List.copyOf(bounds);
        cumulative = List.copyOf(cumulative);
        if (bounds.size() != cumulative.size()) {
            throw new IllegalArgumentException(bounds.size() + " bounds but " + cumulative.size() + " counts");
        }
    }

    public static ServedCounts none() {
        return new ServedCounts(0, 0, List.of(), List.of());
    }

    /** Share of the predictions answered with a 5xx; 0 without predictions. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /**
     * The 99th percentile of the latency in milliseconds as Prometheus' histogram_quantile estimates it (linear
     * within the bucket it falls in); empty without predictions.
     */
    public Optional<Double> p99Millis() {
        long total = cumulative.isEmpty() ? 0 : Math.max(requests, cumulative.get(cumulative.size() - 1));
        if (total == 0) {
            return Optional.empty();
        }
        double rank = 0.99 * total;
        double lower = 0;
        long below = 0;
        for (int i = 0; i < bounds.size(); i++) {
            long count = cumulative.get(i);
            if (count >= rank) {
                double within = count == below ? 0 : (rank - below) / (count - below);
                return Optional.of((lower + (bounds.get(i) - lower) * within) * 1000);
            }
            lower = bounds.get(i);
            below = count;
        }
        return Optional.of(lower * 1000); // beyond the last bound: as Prometheus does, the last bound
    }

    /** Both together (the replicas of one version). Histograms with other buckets cannot be added. */
    public ServedCounts plus(ServedCounts other) {
        if (bounds.isEmpty()) {
            return other;
        }
        if (other.bounds.isEmpty()) {
            return this;
        }
        requireSameBuckets(other);
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < cumulative.size(); i++) {
            sum.add(cumulative.get(i) + other.cumulative.get(i));
        }
        return new ServedCounts(requests + other.requests, errors + other.errors, bounds, sum);
    }

    /** What was answered since {@code earlier}, a reading of the same replicas. */
    public ServedCounts minus(ServedCounts earlier) {
        if (earlier.bounds.isEmpty()) {
            return this;
        }
        requireSameBuckets(earlier);
        List<Long> difference = new ArrayList<>();
        for (int i = 0; i < cumulative.size(); i++) {
            difference.add(Math.max(0, cumulative.get(i) - earlier.cumulative.get(i)));
        }
        return new ServedCounts(Math.max(0, requests - earlier.requests), Math.max(0, errors - earlier.errors),
                bounds, difference);
    }

    private void requireSameBuckets(ServedCounts other) {
        if (!bounds.equals(other.bounds)) {
            throw new IllegalArgumentException("latency buckets differ: " + bounds + " and " + other.bounds);
        }
    }
}
