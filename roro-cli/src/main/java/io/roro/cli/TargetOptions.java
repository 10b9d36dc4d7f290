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
 * {@code --target} and {@code --namespace}: where a command finds what it works on. The command chooses its
 * platform here, once; everything after that is the same for every target. The cluster is the one kubeconfig (or
 * the pod's service account) points at, as kubectl would use it. Commands that build or start something take
 * {@link BuildOptions} too.
 */
final class TargetOptions {
    @Option(names = "--target", defaultValue = "docker", completionCandidates = TargetNames.class,
            description = "Where it runs: ${COMPLETION-CANDIDATES}; default: $RORO_TARGET, else docker.")
    String target;
    @Option(names = "--namespace", defaultValue = "default",
            description = "Kubernetes namespace (default: $RORO_NAMESPACE, else default).")
    String namespace;

    /** The chosen platform, lineage opened only when it is first needed. */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage) {
        return open(spec, lineage, Map.of());
    }

    /** @param more settings of the command itself (build settings, a rollout timeout) */
    Platform open(CommandSpec spec, Supplier<Lineage> lineage, Map<String, String> more) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("namespace", namespace);
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
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
