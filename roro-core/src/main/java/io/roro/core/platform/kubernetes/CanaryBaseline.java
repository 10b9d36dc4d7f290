package io.roro.core.platform.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.roro.core.platform.ServedCounts;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What each live pod had answered when a canary started beside it, kept as an annotation of the canary Deployment
 * (it lives exactly as long as the canary): the live side of a sample then counts from the canary's start, as the
 * canary's own pods do, instead of from each live pod's start (a judge compared hours of the live version with
 * minutes of the canary). A pod started since, or restarted (its counters began again), is counted whole.
 */
final class CanaryBaseline {
    static final String ANNOTATION = "roro.io/live-baseline";
    private static final Logger LOG = Logger.getLogger(CanaryBaseline.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, ServedCounts>> PODS = new TypeReference<>() {
    };

    private final Map<String, ServedCounts> byPod;

    CanaryBaseline(Map<String, ServedCounts> byPod) {
        this.byPod = new TreeMap<>(byPod);
    }

    /** The baseline kept on {@code canary}; none (everything counted whole) when it has none or it is unreadable. */
    static CanaryBaseline of(Optional<Deployment> canary) {
        String text = canary.map(d -> d.getMetadata().getAnnotations()).map(a -> a.get(ANNOTATION)).orElse(null);
        if (text == null) {
            return new CanaryBaseline(Map.of());
        }
        try {
            return new CanaryBaseline(JSON.readValue(text, PODS));
        } catch (JsonProcessingException e) {
            LOG.log(Level.WARNING, "the live pods' counts at the canary's start are unreadable; counting them whole",
                    e);
            return new CanaryBaseline(Map.of());
        }
    }

    /** Keeps the baseline on {@code canary} (nothing when no live pod had answered anything). */
    void keepOn(Deployment canary) {
        byPod.values().removeIf(c -> c.requests() == 0);
        if (byPod.isEmpty()) {
            return;
        }
        try {
            canary.getMetadata().getAnnotations().put(ANNOTATION, JSON.writeValueAsString(byPod));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("counts always serialise", e);
        }
    }

    /** What {@code pod} answered since the canary started: all of it for a pod started or restarted since. */
    ServedCounts since(String pod, ServedCounts now) {
        ServedCounts atStart = byPod.get(pod);
        return atStart == null || now.requests() < atStart.requests() ? now : now.minus(atStart);
    }
}
