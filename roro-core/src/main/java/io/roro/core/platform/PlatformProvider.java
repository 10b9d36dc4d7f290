package io.roro.core.platform;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Opens one kind of {@link Platform}. Providers are found with {@link ServiceLoader} (listed in
 * {@code META-INF/services/io.roro.core.platform.PlatformProvider}), so a new target is a package of its own
 * that nothing else has to name.
 */
public interface PlatformProvider {
    /** What {@code --target} (or roro.yml, or the Jenkins configuration) calls this platform. */
    String name();

    /** What it is, in a few words, for help and lists ({@code this machine's Docker engine}). */
    default String description() {
        return name();
    }

    /**
     * The settings this platform takes beyond {@code --target}, for the front doors to offer (options, environment
     * variables, help); each reads them back from {@link PlatformContext#setting}.
     */
    default List<PlatformSetting> settings() {
        return List.of();
    }

    /** Opens the platform with the settings of {@code context}; refuses settings it cannot work with. */
    Platform open(PlatformContext context);

    /** Every provider on the class path, in a stable order. */
    static List<PlatformProvider> all() {
        return ServiceLoader.load(PlatformProvider.class, PlatformProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(PlatformProvider::name)).toList();
    }

    /** The provider called {@code name}, or a clear error listing the ones there are. */
    static PlatformProvider named(String name) {
        List<PlatformProvider> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--target is " + String.join(" or ",
                        all.stream().map(PlatformProvider::name).toList()) + ", not " + name));
    }
}
