package io.roro.cli;

import io.roro.core.contract.Dataset;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.StoredFile;
import io.roro.core.publish.ModelPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "datasets", aliases = "dataset", mixinStandardHelpOptions = true, description = "List datasets.",
        subcommands = {DatasetsCommand.Publish.class, DatasetsCommand.Fetch.class})
final class DatasetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Option(names = "--model", description = "Only datasets of this model.")
    String model;
    @Option(names = "--limit", defaultValue = "50", description = "At most this many, newest first (default: 50).")
    int limit;
    @Option(names = "--after", paramLabel = "MODEL:NAME:VERSION", description = "The next page: datasets older than"
            + " this one (the last of the previous page).")
    String after;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new ParameterException(spec.commandLine(), "--limit is a number from 1 to 10000, not " + limit);
        }
        try (Lineage lineage = LineageAccess.open()) {
            List<Dataset> datasets;
            try {
                datasets = lineage.datasets().datasets(Optional.ofNullable(model), Optional.ofNullable(after), limit);
            } catch (LineageException e) {
                throw new ParameterException(spec.commandLine(), "--after: " + e.getMessage(), e);
            }
            if (json.enabled) {
                json.print(spec, datasets);
                return 0;
            }
            Table table = new Table("DATASET", "FILES", "BYTES", "CREATED", "STATE");
            for (Dataset d : datasets) {
                table.row(d.id(), d.files().size(), d.files().stream().mapToLong(f -> f.size()).sum(),
                        Times.show(d.createdAt()), d.archived() ? "ARCHIVED" : "");
            }
            table.print(spec.commandLine().getOut());
        }
        return 0;
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, description = {"Store a directory's files as the next version of a dataset of a model.",
            "A version never changes: new data under the same name is its next version (credit-data:v2), the same"
                    + " files as the newest version are that version again."})
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Option(names = "--model", required = true, description = "The model the dataset trains (a model of roro.yml).")
        String model;
        @Option(names = "--name", required = true, description = "The dataset, e.g. credit-data; roro numbers its"
                + " versions.")
        String name;
        @Option(names = "--path", required = true, description = "Directory whose files form the dataset.")
        Path path;
        @Option(names = "--details", description = "JSON object stored with the dataset.")
        String details;
        @Option(names = {"-C", "--project"}, defaultValue = ".", description = "Project directory (its roro.yml"
                + " registers the model); default: current directory.")
        Path project;

        @Override
        public Integer call() {
            OptionalInt elsewhere = LargeTransfer.handOver(LargeTransfer.bytesUnder(path));
            if (elsewhere.isPresent()) {
                return elsewhere.getAsInt();
            }
            try (Lineage lineage = LineageAccess.open()) {
                PublishCommand.registerProject(lineage, project, spec);
                DatasetStore.Published published = ModelPublisher.of(lineage)
                        .publishDataset(model, name, path, Json.object(spec, "--details", details),
                                LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()),
                                Uploads.progress(spec));
                Dataset dataset = published.dataset();
                if (json.enabled) {
                    json.print(spec, dataset);
                } else {
                    String files = Table.count(dataset.files().size(), "file");
                    spec.commandLine().getOut().println(published.unchanged()
                            ? "nothing new published: dataset " + dataset.id() + " already has these files (" + files + ")"
                            : "published dataset " + dataset.id() + " (" + files + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a dataset's files into a"
            + " directory, each checked against its sha256.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        JsonOption json;
        @CommandLine.Parameters(paramLabel = "MODEL:NAME[:VERSION]", description = "The dataset version, e.g."
                + " credit-model:credit-data:v2; its newest without one.")
        String id;
        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory the files go to (made if missing).")
        Path to;

        @Override
        public Integer call() throws IOException {
            try (Lineage lineage = LineageAccess.open()) {
                Dataset d;
                try {
                    OptionalInt elsewhere = LargeTransfer.handOver(lineage.dataset(id).bytes());
                    if (elsewhere.isPresent()) {
                        return elsewhere.getAsInt();
                    }
                    d = lineage.fetchDataset(id, to);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage(), e);
                }
                json.printOr(spec, Map.of("dataset", d.id(), "to", to.toString(), "files",
                        d.files().stream().map(StoredFile::name).toList()),
                        "fetched " + d.id() + " (" + Table.count(d.files().size(), "file") + ") to " + to);
            }
            return 0;
        }
    }
}
