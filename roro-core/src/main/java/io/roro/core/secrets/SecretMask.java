package io.roro.core.secrets;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replaces known secret values (a project's config vars) with {@code ****} in text roro prints, stores or hands
 * on, as Jenkins masks credentials in build logs. Values shorter than {@link #MIN_LENGTH} are left alone: masking
 * "1" or "yes" would hide every such word of a log while protecting nothing.
 */
public final class SecretMask {
    public static final int MIN_LENGTH = 4;
    private static final SecretMask NONE = new SecretMask(List.of());

    private final List<String> secrets;

    private SecretMask(List<String> secrets) {
        this.secrets = secrets;
    }

    public static SecretMask of(Collection<String> values) {
        // the longest first: a secret that contains another is masked whole
        return new SecretMask(values.stream().filter(v -> v != null && v.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    public static SecretMask none() {
        return NONE;
    }

    public String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, Secrets.MASK);
        }
        return masked;
    }

    /**
     * {@code values} (metrics a training reported, say) with every secret in a key or a text value masked, nested
     * maps and lists too; numbers and booleans as they are. A metric is recorded, listed and shown everywhere.
     */
    public Map<String, Object> apply(Map<String, Object> values) {
        if (secrets.isEmpty()) {
            return values;
        }
        Map<String, Object> masked = new LinkedHashMap<>();
        values.forEach((key, value) -> masked.put(apply(key), maskValue(value)));
        return masked;
    }

    @SuppressWarnings("unchecked")
    private Object maskValue(Object value) {
        if (value instanceof String text) {
            return apply(text);
        }
        if (value instanceof Map<?, ?> map) {
            return apply((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::maskValue).toList();
        }
        return value;
    }

    /** {@code lines}, each masked first. */
    public Consumer<String> masking(Consumer<String> lines) {
        return secrets.isEmpty() ? lines : line -> lines.accept(apply(line));
    }
}
