package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The target of a command that builds the project image or starts something from it, with the settings targets
 * declare for such commands ({@link ProviderOptions}: a cluster's registry and in-cluster builder, ...).
 */
final class BuildOptions {
    @Mixin
    TargetOptions target;

    Platform open(CommandSpec spec, Supplier<Lineage> lineage) {
        return open(spec, lineage, Map.of());
    }

    /** @param more settings of the command itself */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage, Map<String, String> more) {
        return target.open(spec, lineage, more);
    }
}
