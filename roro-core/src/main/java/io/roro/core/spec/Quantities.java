package io.roro.core.spec;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities as roro.yml writes them. Values are kept as written (so {@code 1536Mi} stays
 * {@code 1536Mi}); these parse only to validate and to compare limits with requests.
 */
public final class Quantities {
    private static final Pattern CPU = Pattern.compile("(\\d+(?:\\.\\d{1,3})?)(m?)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Map<String, BigDecimal> UNITS = Map.ofEntries(
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)),
            Map.entry("G", BigDecimal.valueOf(1_000_000_000L)), Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")), Map.entry("E", new BigDecimal("1e18")));

    /** The largest amount of bytes a signed 64-bit count holds: Kubernetes' and Docker's limit. */
    private static final BigDecimal MAX_BYTES = BigDecimal.valueOf(Long.MAX_VALUE);

    private Quantities() {
    }

    /** CPU in cores ({@code 2}, {@code 0.5}, {@code 500m}); must be positive. */
    static BigDecimal cpu(String text) {
        Matcher m = CPU.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a CPU amount; write cores (1, 0.5) or"
                    + " millicores (500m)");
        }
        BigDecimal value = new BigDecimal(m.group(1));
        if (!m.group(2).isEmpty()) {
            value = value.movePointLeft(3);
        }
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("CPU must be more than 0, found '" + text + "'");
        }
        return value;
    }

    /** Memory or storage in bytes; the unit is required because a bare number is ambiguous (bytes? MB?). */
    public static BigDecimal bytes(String text) {
        String trimmed = text.trim();
        Matcher m = MEMORY.matcher(trimmed);
        if (!m.matches()) {
            String hint = trimmed.matches("\\d+(\\.\\d+)?\\s*(mb|MB|Mb|gb|GB|Gb|mi|gi|kb|KB)")
                    ? "; Kubernetes units are Mi/Gi (binary) or M/G (decimal), e.g. 512Mi" : "; e.g. 512Mi or 2Gi";
            throw new IllegalArgumentException("'" + text + "' is not a memory amount" + hint);
        }
        if (m.group(2) == null) {
            throw new IllegalArgumentException("'" + text + "' has no unit, which is ambiguous; write " + trimmed
                    + "Mi (mebibytes), " + trimmed + "Gi or " + trimmed + "M");
        }
        BigDecimal value = new BigDecimal(m.group(1)).multiply(UNITS.get(m.group(2)));
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("memory must be more than 0, found '" + text + "'");
        }
        if (value.compareTo(MAX_BYTES) > 0) {
            // a quantity Kubernetes cannot hold as bytes (nor docker as --memory): no machine has it anyway
            throw new IllegalArgumentException("'" + text + "' is more memory than Kubernetes or Docker can name"
                    + " (at most 8Ei); write what the task needs, e.g. 64Gi");
        }
        return value;
    }
}
