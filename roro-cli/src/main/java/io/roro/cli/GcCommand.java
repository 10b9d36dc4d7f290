package io.roro.cli;

import io.roro.core.platform.LocalSpace;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gc", mixinStandardHelpOptions = true, description = {
    "Free the disk space of local copies that nothing needs any more, and show what the roro home uses.",
    "Every file removed is also in the lineage store: model copies no container mounts that are neither live,",
    "canaried nor among a model's newest 3; trainings' output once published (or a day after they ended) and their",
    "data copies once ended. Notebook directories and the store itself are never touched."})
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    TargetOptions target;
    @Option(names = "--dry-run", description = "Say what would be removed and how much it frees; remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            LocalSpace space = platform.localSpace(!dryRun);
            long store = DiskUse.storeBytes();
            if (json.enabled) {
                json.print(spec, Map.of("items", space.items(), "bytes", space.bytes(), "removable",
                        space.removableBytes(), "storeBytes", store, "removed", !dryRun));
                return 0;
            }
            Table table = new Table("PATH", "WHAT", "SIZE", dryRun ? "WOULD" : "DONE");
            for (LocalSpace.Item item : space.items()) {
                table.row(item.path(), item.kind(), mb(item.bytes()), item.keptBecause().map(w -> "kept: " + w)
                        .orElse(dryRun ? "remove" : "removed"));
            }
            var out = spec.commandLine().getOut();
            table.print(out);
            out.println((dryRun ? "would free " : "freed ") + mb(space.removableBytes()) + " of " + mb(space.bytes())
                    + " in local copies; the lineage store (models, datasets, logs: the record itself) uses "
                    + mb(store));
        }
        return 0;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
