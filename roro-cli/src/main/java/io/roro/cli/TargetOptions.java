package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --target}: where a command finds what it works on, with the settings every target declares for such
 * commands ({@link ProviderOptions}: a cluster's {@code --namespace}). The command chooses its platform here,
 * once; everything after that is the same for every target. Commands that build or start something take
 * {@link BuildOptions} too.
 */
final class TargetOptions {
    @Option(names = "--target", defaultValue = "docker", completionCandidates = TargetNames.class,
            description = "Where it runs: ${COMPLETION-CANDIDATES}; default: $RORO_TARGET, else docker.")
    String target;

    /** The chosen platform, lineage opened only when it is first needed. */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage) {
        return open(spec, lineage, Map.of());
    }

    /** @param more settings of the command itself */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>(ProviderOptions.values(spec));
        settings.putAll(more);
        return open(spec, target, settings, lineage, false);
    }

    /** The targets there are, as their providers describe them ({@code docker (this machine's engine)}). */
    static final class TargetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return PlatformProvider.all().stream().map(p -> p.name() + " (" + p.description() + ")").iterator();
        }
    }

    /** A platform by name, for status questions (short timeouts, no retries): what {@code ps} asks. */
    static Platform openQuick(CommandSpec spec, String name, Map<String, String> settings, Supplier<Lineage> lineage) {
        return open(spec, name, settings, lineage, true);
    }

    private static Platform open(CommandSpec spec, String name, Map<String, String> settings,
            Supplier<Lineage> lineage, boolean quick) {
        try {
            return PlatformProvider.named(name).open(new PlatformContext(LineageAccess.home(),
                    LineageAccess.environment(), settings, lineage, quick));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
