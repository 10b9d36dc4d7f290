package io.roro.core.platform.docker;

import io.roro.core.spec.ResourceProfile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource profile as docker run flags. Limits cap the container ({@code --cpus}, {@code --memory}); requests
 * are what it is guaranteed, which docker expresses as a relative CPU weight ({@code --cpu-shares}, 1024 a core)
 * and a soft memory reservation, never as a cap.
 */
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
        profile.limits().cpu().ifPresent(cpu -> flags.addAll(List.of("--cpus", cores(cpu).toPlainString())));
        profile.requests().cpu().ifPresent(cpu -> flags.addAll(List.of("--cpu-shares",
                Long.toString(Math.max(2, cores(cpu).multiply(BigDecimal.valueOf(1024)).longValue())))));
        profile.limits().memory().ifPresent(memory -> flags.addAll(List.of("--memory", Long.toString(bytes(memory)))));
        profile.requests().memory().filter(m -> profile.limits().memory().isEmpty()
                || bytes(m) <= bytes(profile.limits().memory().get()))
                .ifPresent(memory -> flags.addAll(List.of("--memory-reservation", Long.toString(bytes(memory)))));
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
