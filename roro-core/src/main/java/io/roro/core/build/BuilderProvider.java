package io.roro.core.build;

import io.roro.core.lineage.store.ProjectStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Opens a builder of this machine by name (listed in {@code META-INF/services/io.roro.core.build.BuilderProvider}):
 * a target that runs elsewhere (a cluster) but builds here asks for one by the name its settings give, and knows
 * nothing of the package that provides it.
 */
public interface BuilderProvider {
    /** What {@code --builder} calls it ({@code docker}). */
    String name();

    /**
     * @param env   the environment roro runs in (where the engine is, pip settings, base images)
     * @param store asked for only when a build is recorded
     */
    PushingBuilder open(Map<String, String> env, Supplier<ProjectStore> store);

    /** Every provider on the class path, in a stable order. */
    static List<BuilderProvider> all() {
        return ServiceLoader.load(BuilderProvider.class, BuilderProvider.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).sorted(Comparator.comparing(BuilderProvider::name)).toList();
    }

    /** The provider called {@code name}, or a clear error listing the ones there are. */
    static BuilderProvider named(String name) {
        List<BuilderProvider> all = all();
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no builder on this machine is called " + name
                        + " (there are: " + String.join(", ", all.stream().map(BuilderProvider::name).toList())
                        + ")"));
    }
}
