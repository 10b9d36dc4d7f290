package io.roro.core.platform;

import io.roro.core.lineage.Lineage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a platform is opened with.
 *
 * @param roroHome    work directories, fetched files and the config vars of this roro home
 * @param environment the environment of the command (DOCKER_HOST, RORO_BASE_IMAGE, ...)
 * @param settings    the target's own settings by name (namespace, registry, image, builder, ...), as the front
 *                    door got them; each platform reads the ones it knows
 * @param lineage     the lineage store, opened when first asked for: a deploy starts its image build before
 * @param quick       for status questions (ps): short timeouts, no retries
 */
public record PlatformContext(Path roroHome, Map<String, String> environment, Map<String, String> settings,
        Supplier<Lineage> lineage, boolean quick) {

    public PlatformContext {
        environment = Map.copyOf(environment);
        settings = Map.copyOf(settings);
    }

    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name)).filter(v -> !v.isBlank());
    }

    /** A setting in seconds, fractions allowed ({@code 0.05}). */
    public Duration seconds(String name, double defaultSeconds) {
        String value = setting(name).orElse(Double.toString(defaultSeconds));
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a number of seconds, not " + value, e);
        }
    }
}
