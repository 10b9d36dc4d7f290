package io.roro.cli;

import io.roro.core.artifacts.GridFsArtifactStore;
import io.roro.core.lineage.LineageConfig;
import io.roro.core.platform.LocalSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            long store = storeBytes();
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

    private static long storeBytes() {
        try {
            Path file = LineageConfig.load(LineageAccess.environment()).embeddedFile();
            if (file == null || !Files.isRegularFile(file)) {
                return 0;
            }
            // and the files of its models and datasets beside it (lineage.mv.artifacts)
            Path artifacts = GridFsArtifactStore.embeddedFilesOf(file);
            long bytes = Files.size(file);
            if (Files.isDirectory(artifacts)) {
                try (Stream<Path> list = Files.list(artifacts)) {
                    for (Path p : (Iterable<Path>) list::iterator) {
                        bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                    }
                }
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            return 0; // a MongoDB server: its size is its own
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
