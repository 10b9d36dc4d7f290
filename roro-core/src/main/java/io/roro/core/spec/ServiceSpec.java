package io.roro.core.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A long-running HTTP process of the project: either a Python {@code module.function} served as POST JSON to JSON
 * (rorodata/firefly semantics), or an arbitrary {@code command} listening on {@code port}.
 *
 * <p>{@code timeoutSeconds}: how long one prediction may run; then it is stopped and answered 504, once.
 */
public record ServiceSpec(
        String name,
        Optional<FunctionRef> function,
        Optional<String> command,
        Optional<String> directory,
        int port,
        Optional<String> model,
        String profile,
        int replicas,
        Optional<Autoscale> autoscale,
        HealthCheck health,
        List<String> corsAllowOrigins,
        Optional<Ingress> ingress,
        Optional<Batch> batch,
        Optional<RolloutPolicy> rollout,
        int timeoutSeconds) {

    public static final int DEFAULT_PORT = 8080;
    /** How long a prediction may take before it is stopped and answered 504 ({@code timeout_s}). */
    public static final int DEFAULT_TIMEOUT_S = 60;

    public ServiceSpec {
        corsAllowOrigins = List.copyOf(corsAllowOrigins);
    }

    /** rorodata's convention: the service named {@code default} gets the project's root endpoint. */
    public boolean isDefault() {
        return "default".equals(name);
    }

    /** Horizontal autoscaling bounds and targets, as a HorizontalPodAutoscaler (autoscaling/v2) takes them. */
    public record Autoscale(int min, int max, Optional<Integer> cpuPercent, Optional<Integer> memoryPercent) {
    }

    /**
     * How the service is reached from outside a cluster (Kubernetes target; the Docker target serves on 127.0.0.1
     * only): a networking.k8s.io/v1 Ingress rule for {@code host} and path prefix, TLS when a Secret is named.
     */
    public record Ingress(String host, String path, Optional<String> tlsSecret, Optional<String> className) {
        public String url() {
            return (tlsSecret.isPresent() ? "https://" : "http://") + host
                    + (path.endsWith("/") ? path : path + "/");
        }
    }

    /**
     * Adaptive micro-batching of a function service: concurrent requests go to the module's {@code NAME_batch}
     * together, at most {@code maxSize} at a time, none held longer than {@code maxWaitMs} for a batch to form.
     */
    public record Batch(int maxSize, int maxWaitMs) {
    }

    /**
     * How a new version of a live service is rolled out (roro.yml {@code rollout:}): as a canary taking
     * {@code canary} percent of the requests; with {@code promoteAfter}, judged on its own error rate and p99 against
     * the limits for that long and then promoted, or rolled back as soon as a limit is broken.
     *
     * @param maxErrorRate the most 5xx answers allowed, as a fraction of the canary's requests (0.01 is 1%)
     * @param minRequests  requests the canary must have answered before it may be promoted
     */
    public record RolloutPolicy(int canary, Optional<Duration> promoteAfter, double maxErrorRate,
            Optional<Integer> maxP99Ms, int minRequests) {
        public static final int DEFAULT_CANARY = 10;
        public static final double DEFAULT_MAX_ERROR_RATE = 0.01;
        public static final int DEFAULT_MIN_REQUESTS = 100;

        /** What {@code --canary N} alone means for a service without {@code rollout:}: no automatic judgement. */
        public static RolloutPolicy manual(int canary) {
            return new RolloutPolicy(canary, Optional.empty(), DEFAULT_MAX_ERROR_RATE, Optional.empty(),
                    DEFAULT_MIN_REQUESTS);
        }
    }

    /** Where the platform asks whether a replica is ready, and how patiently. */
    public record HealthCheck(String path, int startPeriodSeconds, int intervalSeconds, int timeoutSeconds) {
        public static HealthCheck defaults() {
            return new HealthCheck("/health", 30, 10, 3);
        }
    }
}
