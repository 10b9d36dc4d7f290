package io.roro.core.platform.local;

import io.roro.core.platform.PlatformException;
import io.roro.core.spec.Quantities;
import io.roro.core.spec.ResourceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A resource profile on the local target. Its memory limit holds each process to that much data (RLIMIT_DATA:
 * the heap and private mappings, where a Python program's arrays live), so a training that wants more fails with
 * MemoryError as it would be killed in a container; a GPU cannot be given and is refused; a CPU limit cannot be
 * held by a plain process and is said so. Requests are a scheduler's matter: nothing to do here.
 */
final class ProcessLimits {
    private ProcessLimits() {
    }

    static void refuseWhatCannotBeGiven(ResourceProfile profile, String what) {
        if (profile.gpu() > 0) {
            throw new PlatformException("profile " + profile.name() + " asks for " + profile.gpu() + " GPU for "
                    + what + ": the local target runs plain processes and gives them no GPU; use --target docker"
                    + " or kubernetes");
        }
    }

    /** {@code command} held to the profile's memory limit; what cannot be held is said on {@code log}. */
    static List<String> held(ResourceProfile profile, List<String> command, Consumer<String> log) {
        profile.limits().cpu().ifPresent(cpu -> log.accept("roro: the local target does not hold processes to"
                + " profile " + profile.name() + "'s CPU limit (" + cpu + "): they may use every core"));
        if (profile.limits().memory().isEmpty()) {
            return command;
        }
        long kib = Math.max(1, Quantities.bytes(profile.limits().memory().get()).longValue() / 1024);
        List<String> held = new ArrayList<>(List.of("sh", "-c", "ulimit -d " + kib + " && exec \"$@\"", "sh"));
        held.addAll(command);
        return held;
    }

    /** Whether a process that failed ran out of the memory it was held to (what Python says then). */
    static boolean outOfMemory(String lastLine) {
        return lastLine.startsWith("MemoryError") || lastLine.contains("Cannot allocate memory");
    }
}
