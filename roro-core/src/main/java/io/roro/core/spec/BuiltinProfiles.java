package io.roro.core.spec;

import io.roro.core.spec.ResourceProfile.Resources;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles every project has without declaring them: {@code default}, and rorodata's instance sizes so that
 * {@code size: S1} keeps working. rorodata never published the sizes' hardware; these are our mapping (README).
 * A project may redefine any of them under {@code profiles:}.
 */
public final class BuiltinProfiles {
    public static final String DEFAULT = "default";

    private BuiltinProfiles() {
    }

    /**
     * The built-in profiles whose memory limit is above {@code memory}, smallest first: what an out-of-memory
     * training is told to try ({@code S2 (2Gi)}); empty when the limit is unknown or none is larger.
     */
    public static List<String> withMoreMemoryThan(Optional<String> memory) {
        if (memory.isEmpty()) {
            return List.of();
        }
        BigDecimal had = Quantities.bytes(memory.get());
        return all().values().stream().filter(p -> p.limits().memory().map(m -> Quantities.bytes(m)
                .compareTo(had) > 0).orElse(false))
                .sorted(Comparator.comparing(p -> Quantities.bytes(p.limits().memory().orElseThrow())))
                .map(p -> p.name() + " (" + p.limits().memory().orElseThrow() + ")").limit(3).toList();
    }

    public static Map<String, ResourceProfile> all() {
        Map<String, ResourceProfile> profiles = new LinkedHashMap<>();
        add(profiles, DEFAULT, "500m", "512Mi", "1", "1Gi");
        add(profiles, "S1", "500m", "1Gi", "1", "1Gi");
        add(profiles, "S2", "1", "2Gi", "2", "2Gi");
        add(profiles, "S3", "2", "4Gi", "4", "4Gi");
        add(profiles, "C1", "1", "2Gi", "1", "2Gi");
        add(profiles, "C2", "2", "4Gi", "2", "4Gi");
        add(profiles, "C4", "4", "8Gi", "4", "8Gi");
        add(profiles, "Z16", "4", "16Gi", "4", "16Gi");
        add(profiles, "Z64", "8", "64Gi", "8", "64Gi");
        return profiles;
    }

    private static void add(Map<String, ResourceProfile> profiles, String name, String cpuRequest,
            String memoryRequest, String cpuLimit, String memoryLimit) {
        profiles.put(name, ResourceProfile.simple(name, Resources.of(cpuRequest, memoryRequest),
                Resources.of(cpuLimit, memoryLimit)));
    }
}
