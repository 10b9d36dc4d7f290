package io.roro.cli;

import com.mongodb.MongoCommandException;
import io.roro.core.lineage.database.FilterException;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.MetricsText;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.lineage.VersionComparison;
import io.roro.core.contract.VersionNotes;
import io.roro.core.lineage.VersionRanking;
import io.roro.core.lineage.search.VersionSearch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "versions", mixinStandardHelpOptions = true, description = "List model versions, newest first.",
        subcommands = {VersionsCommand.Show.class, VersionsCommand.Compare.class, VersionsCommand.Remove.class,
                VersionsCommand.Fetch.class, VersionAliasCommand.class, VersionTagCommand.class})
final class VersionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Option(names = "--model", description = "Only versions of this model.")
    String model;
    @Option(names = "--filter", paramLabel = "SEARCH", description = "Only the versions that match, e.g. 'metrics.auc"
            + " > 0.8 and params.max_depth = 3 and dataset = credit-data:v2 and created > 2026-12-01' (conditions"
            + " joined by and; fields metrics.NAME, params.NAME, tags.NAME, dataset, training, build, created, state,"
            + " version;"
            + " = != > >= < <=).")
    String filter;
    @Option(names = "--all", description = "Include archived versions.")
    boolean all;
    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: 50).")
    int limit;
    @Option(names = "--after", paramLabel = "MODEL:VERSION", description = "The next page: versions older than"
            + " this one (the last of the previous page).")
    String after;
    @Option(names = "--sort", paramLabel = "METRIC", description = "Best first by this metric (highest; lowest"
            + " with --ascending), among the newest 10000 versions that match; those without it last.")
    String sort;
    @Option(names = "--ascending", description = "With --sort: lowest first (an error or a loss).")
    boolean ascending;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new ParameterException(spec.commandLine(), "--limit is a number from 1 to 10000, not " + limit);
        }
        try (Lineage lineage = LineageAccess.open()) {
            Document query;
            try {
                query = VersionSearch.filter(filter, lineage.notes()::tagged);
            } catch (FilterException e) {
                throw new ParameterException(spec.commandLine(), "--filter: " + e.getMessage(), e);
            }
            List<ModelVersion> versions;
            try {
                versions = sort == null ? lineage.models().versions(Optional.ofNullable(model), query, all,
                        Optional.ofNullable(after).map(a -> checkedId(a)), limit)
                        : sorted(lineage.models().versions(Optional.ofNullable(model), query, all,
                                Optional.ofNullable(after).map(a -> checkedId(a)), VersionRanking.SCANNED));
            } catch (FilterException e) {
                throw new ParameterException(spec.commandLine(), "--filter is not a query the lineage store can run: "
                        + firstLine(e.getMessage()), e);
            } catch (LineageException e) {
                throw new ParameterException(spec.commandLine(), "--after: " + e.getMessage(), e);
            } catch (MongoCommandException e) {
                // the store's own words, without the server's address or the driver's wrapping
                throw new ParameterException(spec.commandLine(), "--filter is not a query the lineage store can run: "
                        + firstLine(e.getErrorMessage()), e);
            }
            if (json.enabled) {
                json.print(spec, versions);
            } else {
                table(versions, lineage.queries().servedBy(versions), aliases(lineage, versions))
                        .print(spec.commandLine().getOut());
            }
        }
        return 0;
    }

    /** The versions best first by the --sort metric, at most --limit; those without a number for it last. */
    private List<ModelVersion> sorted(List<ModelVersion> versions) {
        return VersionRanking.best(versions, sort, ascending, limit);
    }

    /** The aliases naming each of {@code versions}, one read per model. */
    static Map<String, List<String>> aliases(Lineage lineage, List<ModelVersion> versions) {
        return lineage.aliases().byVersion(versions.stream().map(ModelVersion::model).toList());
    }


    private String checkedId(String id) {
        try {
            LineageIds.split(id, "model version");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--after: " + e.getMessage(), e);
        }
        return id;
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("").strip();
    }

    /** The training's parameters as the version recorded them. */
    private static String params(ModelVersion v) {
        Map<String, ?> params = VersionComparison.params(v);
        return params.isEmpty() ? "-" : MetricsText.of(params);
    }

    /**
     * @param servedBy where each version serves now ({@code LineageQueries.servedBy})
     * @param aliases  the aliases naming each version now, shown after its id ({@code credit-model:v3 (champion)})
     */
    static Table table(List<ModelVersion> versions, Map<String, List<String>> servedBy,
            Map<String, List<String>> aliases) {
        Table table = new Table("VERSION", "CREATED", "TRAINING", "DATASET", "PARAMS", "METRICS", "STATE", "LIVE ON");
        for (ModelVersion v : versions) {
            List<String> names = aliases.getOrDefault(v.id(), List.of());
            table.row(names.isEmpty() ? v.id() : v.id() + " (" + String.join(", ", names) + ")",
                    Times.show(v.createdAt()), v.training().orElse("-"),
                    v.dataset().orElse("-"), params(v), v.metrics().isEmpty() ? "-"
                            : MetricsText.of(v.metrics()), v.state(),
                    String.join(", ", servedBy.getOrDefault(v.id(), List.of("-"))));
        }
        return table;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one version: files, metrics,"
            + " where it came from and where it is deployed.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "MODEL:VERSION", description = "The version, e.g. credit-model:v3 (roro versions lists them).")
        String id;

        @Override
        public Integer call() {
            String[] parts = LineageIds.split(id, "model version");
            try (Lineage lineage = LineageAccess.open()) {
                // a version's name, or an alias of one (credit-model:champion)
                ModelVersion v = lineage.aliases().resolve(parts[0], parts[1])
                        .orElseThrow(() -> new LineageException("no model version " + id));
                if (json.enabled) {
                    json.print(spec, v);
                    return 0;
                }
                var out = spec.commandLine().getOut();
                out.println("version:   " + v.id() + " (" + v.state() + ")");
                out.println("created:   " + Times.show(v.createdAt()) + " by " + v.origin().describe());
                out.println("training:  " + v.training().orElse("-"));
                out.println("dataset:   " + v.dataset().orElse("-"));
                out.println("build:     " + v.buildVersion().orElse("-"));
                out.println("params:    " + params(v));
                out.println("live on:   " + String.join(", ", lineage.queries().servedBy(List.of(v))
                        .getOrDefault(v.id(), List.of("nothing"))));
                List<String> aliases = lineage.aliases().naming(v.id());
                out.println("aliases:   " + (aliases.isEmpty() ? "-" : String.join(", ", aliases)));
                VersionNotes notes = lineage.notes().of(v.id());
                out.println("tags:      " + VersionTagCommand.tags(notes));
                notes.description().ifPresent(d -> out.println("description: " + d));
                out.println("pretrained: " + v.pretrained().orElse("-"));
                out.println("metrics:   " + MetricsText.of(v.metrics()));
                out.println("details:   " + v.details());
                out.println("files:");
                v.files().forEach(f -> out.println("  " + f.name() + "  " + f.size() + " bytes  sha256:" + f.sha256()));
            }
            return 0;
        }
    }

    @Command(name = "compare", aliases = "diff", mixinStandardHelpOptions = true, description = {
        "Show model versions side by side, marking what differs.",
        "Where each came from (training, dataset, build, commit), its params, metrics and files by content."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(index = "0", paramLabel = "MODEL:VERSION", description = "The first version, e.g. credit-model:v3.")
        String first;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "VERSION", description = "The others: MODEL:VERSION,"
                + " or VERSION of the first one's model (v4).")
        List<String> others;

        @Override
        public Integer call() {
            LineageIds.split(first, "model version");
            List<String> ids = new ArrayList<>(List.of(first));
            others.forEach(o -> ids.add(o.contains(":") ? o : first.substring(0, first.indexOf(':') + 1) + o));
            try (Lineage lineage = LineageAccess.open()) {
                List<ModelVersion> versions = ids.stream().map(id -> lineage.models().modelVersion(id).orElseThrow(
                        () -> new LineageException("no model version " + id + " (roro versions lists them)"))).toList();
                VersionComparison comparison = VersionComparison.of(versions);
                if (json.enabled) {
                    json.print(spec, comparison);
                    return 0;
                }
                List<String> header = new ArrayList<>(List.of(""));
                header.addAll(ids);
                header.add("");
                Table table = new Table(header.toArray(String[]::new));
                comparison.rows().forEach(r -> {
                    List<String> cells = new ArrayList<>(List.of(r.field()));
                    cells.addAll(r.values());
                    cells.add(r.differs() ? "differs" : "");
                    table.row(cells.toArray());
                });
                table.print(spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = {"Archive a version, hidden from lists.",
            "It stays resolvable in lineage. Refused while the version is live or a canary.",
            "With --purge its files are deleted from the store as well, freeing their space; the record stays (each"
                    + " file's name, size and sha256, what made it, where it ran) but it can no longer be served,"
                    + " fetched or trained from. Local copies go with the next roro gc."})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "MODEL:VERSION", description = "The version, e.g. credit-model:v3 (roro versions lists them).")
        String id;
        @Option(names = "--purge", description = "Also delete its files from the store (cannot be undone).")
        boolean purge;

        @Override
        public Integer call() {
            LineageIds.split(id, "model version");
            if (!purge) {
                try (Lineage lineage = LineageAccess.open()) {
                    lineage.archiveVersion(id);
                }
                json.printOr(spec, Map.of("archived", id), "archived " + id);
                return 0;
            }
            long freed;
            try (Lineage lineage = LineageAccess.open()) {
                freed = lineage.purgeVersion(id, LineageAccess.origin(spec.commandLine().getParseResult()
                        .originalArgs()));
            }
            json.printOr(spec, Map.of("archived", id, "purged", true, "freedBytes", freed), String.format(
                    Locale.ROOT, "archived %s and deleted its files from the store: %.1f MB freed (its record"
                            + " stays; roro gc frees local copies)", id, freed / 1048576.0));
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a version's files into a"
            + " directory, each checked against its sha256 (the init container of a Kubernetes service runs this).")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "MODEL:VERSION", description = "The version, e.g. credit-model:v3 (roro versions lists them).")
        String id;
        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory the files go to (made if missing).")
        Path to;

        @Override
        public Integer call() throws IOException {
            try (Lineage lineage = LineageAccess.open()) {
                OptionalInt elsewhere = LargeTransfer.handOver(lineage.versionWithFiles(id).bytes());
                if (elsewhere.isPresent()) {
                    return elsewhere.getAsInt();
                }
                ModelVersion v = lineage.fetchVersion(id, to);
                json.printOr(spec, Map.of("version", id, "to", to.toString(), "files",
                        v.files().stream().map(StoredFile::name).toList()),
                        "fetched " + id + " (" + Table.count(v.files().size(), "file") + ") to " + to);
            }
            return 0;
        }
    }
}
