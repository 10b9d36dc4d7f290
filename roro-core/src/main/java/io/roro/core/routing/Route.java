package io.roro.core.routing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.spec.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A service's place on its project's router: its port, the two slots of backend ports, how long a prediction may
 * take there ({@code timeoutSeconds}; 0, as in routes an older roro wrote, is the default), and whether its backends
 * are roro's serving toolkit ({@code toolkit}: a function service), which counts the router's own refusals.
 */
public record Route(int port, List<List<Integer>> slots, int timeoutSeconds, boolean toolkit) {
    public Route {
        slots = slots.stream().map(List::copyOf).toList();
        timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : ServiceSpec.DEFAULT_TIMEOUT_S;
    }

    /** The slot none of whose ports is in use by {@code live} backends; empty when both are. */
    public Optional<List<Integer>> freeSlot(List<Integer> live) {
        return slots.stream().filter(slot -> slot.stream().noneMatch(live::contains)).findFirst();
    }

    /**
     * The port in the other slot at {@code port}'s place in its own: where the live generation's backend there also
     * listens (roro_runtime.slots); empty where there is none.
     */
    public Optional<Integer> otherSlotPort(int port) {
        for (List<Integer> slot : slots) {
            int index = slot.indexOf(port);
            if (index >= 0) {
                return slots.stream().filter(s -> s != slot).findFirst().filter(other -> index < other.size())
                        .map(other -> other.get(index));
            }
        }
        return Optional.empty();
    }

    /** The routes a router's {@code routes.json} keeps, by service; none when there is no file yet. */
    public static Map<String, Route> readAll(Path file) {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Route>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
}
