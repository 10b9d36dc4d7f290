package io.roro.core.runtime;

import io.roro.core.spec.ResourceProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A resource profile as docker run flags: limits (or requests when no limit is set) for CPU and memory. */
public final class ContainerLimits {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-zA-Z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("", 1L), Map.entry("Ki", 1L << 10),
            Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30), Map.entry("Ti", 1L << 40),
            Map.entry("k", 1000L), Map.entry("M", 1_000_000L), Map.entry("G", 1_000_000_000L),
            Map.entry("T", 1_000_000_000_000L));

    private ContainerLimits() {
    }

    public static List<String> flags(ResourceProfile profile) {
        List<String> flags = new ArrayList<>();
        profile.limits().cpu().or(() -> profile.requests().cpu())
                .ifPresent(cpu -> flags.addAll(List.of("--cpus", cores(cpu).toPlainString())));
        profile.limits().memory().or(() -> profile.requests().memory())
                .ifPresent(memory -> flags.addAll(List.of("--memory", Long.toString(bytes(memory)))));
        if (profile.gpu() > 0) {
            flags.addAll(List.of("--gpus", Integer.toString(profile.gpu())));
        }
        return flags;
    }

    static BigDecimal cores(String cpu) {
        return cpu.endsWith("m") ? new BigDecimal(cpu.substring(0, cpu.length() - 1)).movePointLeft(3)
                : new BigDecimal(cpu);
    }

    public static long bytes(String memory) {
        Matcher m = QUANTITY.matcher(memory);
        if (!m.matches() || !UNITS.containsKey(m.group(2))) {
            throw new IllegalArgumentException("not a memory quantity: " + memory);
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(UNITS.get(m.group(2)))).longValue();
    }
}
