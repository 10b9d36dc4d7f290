package io.roro.core.routing;

import io.roro.core.spec.ServiceSpec;
import java.util.List;
import java.util.Optional;

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
}
