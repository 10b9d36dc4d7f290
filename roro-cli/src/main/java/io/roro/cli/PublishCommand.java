package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "publish", description = {"Publish a directory's files as a new,"
        + " immutable version of a model, linked to its training, dataset and pretrained version."})
final class PublishCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    /** Not mixinStandardHelpOptions: its -V/--version would take the name --version of the model version. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Mixin
    JsonOption json;
    @Option(names = "--model", required = true, description = "A model of roro.yml (its files: rules apply).")
    String model;
    @Option(names = "--path", required = true, description = "Directory whose files form the version.")
    Path path;
    @Option(names = "--version", description = "Version name; default: the next vN.")
    String version;
    @Option(names = "--dataset", description = "Dataset NAME or NAME:VERSION (of this model), or MODEL:NAME[:VERSION]; without a version, its newest.")
    String dataset;
    @Option(names = "--training", description = "Training PROJECT:NAME that produced the files.")
    String training;
    @Option(names = "--pretrained", description = "MODEL:VERSION this one was fine-tuned from.")
    String pretrained;
    @Option(names = "--details", description = "JSON object stored with the version.")
    String details;
    @Option(names = "--metrics", description = "JSON object of metrics.")
    String metrics;
    @Option(names = {"-C", "--project"}, defaultValue = ".", description = "Project directory (its roro.yml registers"
            + " the model); default: current directory.")
    Path project;

    @Override
    public Integer call() {
        OptionalInt elsewhere = LargeTransfer.handOver(LargeTransfer.bytesUnder(path));
        if (elsewhere.isPresent()) {
            return elsewhere.getAsInt();
        }
        try (Lineage lineage = LineageAccess.open()) {
            registerProject(lineage, project, spec);
            PublishRequest request = PublishRequest.of(model, path,
                    LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()))
                    .withDetails(Json.object(spec, "--details", details))
                    .withMetrics(Json.object(spec, "--metrics", metrics))
                    .withProgress(Uploads.progress(spec));
            if (version != null) {
                request = request.withVersion(version);
            }
            if (dataset != null) {
                request = request.withDataset(dataset);
            }
            if (training != null) {
                request = request.withTraining(training);
            }
            if (pretrained != null) {
                request = request.withPretrained(pretrained);
            }
            ModelVersion published = ModelPublisher.of(lineage).publish(request);
            if (json.enabled) {
                json.print(spec, published);
            } else {
                spec.commandLine().getOut().println("published " + published.id() + " ("
                        + Table.count(published.files().size(), "file") + ")");
            }
        }
        return 0;
    }

    /** When {@code directory} holds a roro.yml, records the project and its models first. */
    static Optional<ProjectSpec> registerProject(Lineage lineage, Path directory, CommandSpec spec) {
        if (!Files.exists(ProjectSpecReader.locate(directory))) {
            return Optional.empty();
        }
        try {
            ProjectSpec project = ProjectSpecReader.read(directory);
            ProjectRegistration.register(project, directory, lineage,
                    LineageAccess.origin(spec.commandLine().getParseResult().originalArgs()));
            return Optional.of(project);
        } catch (SpecException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
