package io.roro.core.train;

import io.roro.core.TemporaryDirectory;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishException;
import io.roro.core.spec.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The data a training fetched itself and left for roro ({@code roro_runtime.project.dataset_dir(NAME)} writes it
 * under {@code OUTPUT/.roro-datasets/NAME}): published as the next version of that dataset of the task's model,
 * recorded as what the training read, and taken out of the output before the output becomes the model version.
 */
final class ReadDatasets {
    /** Where in a training's output the runtime leaves the data it read (roro_runtime/project.py's _DATASETS). */
    static final String DIRECTORY = ".roro-datasets";
    private static final Logger LOG = Logger.getLogger(ReadDatasets.class.getName());

    private ReadDatasets() {
    }

    /** Publishes what {@code finished} left; the training as recorded afterwards, with the dataset it read. */
    static TrainingRun publish(Lineage lineage, TrainingRun finished, Path output, Origin origin,
            Consumer<String> log) {
        Path root = output.resolve(DIRECTORY);
        if (!Files.isDirectory(root)) {
            return finished;
        }
        TrainingRun training = finished;
        try {
            for (Path dir : names(root)) {
                String name = dir.getFileName().toString();
                Optional<String> problem = Names.checkDatasetName(name);
                if (problem.isPresent() || finished.model().isEmpty()) {
                    log.accept("dataset " + name + " the training read is not recorded: " + problem.orElse(
                            "datasets belong to a model; give task " + finished.task() + " a model: in roro.yml"));
                    continue;
                }
                training = publishOne(lineage, training, finished.model().get(), name, dir, origin, log);
            }
            return training;
        } finally {
            delete(root); // never part of the model version
        }
    }

    private static TrainingRun publishOne(Lineage lineage, TrainingRun training, String model, String name, Path dir,
            Origin origin, Consumer<String> log) {
        try {
            DatasetStore.Published published = ModelPublisher.of(lineage).publishDataset(model, name, dir,
                    Map.of("training", training.id()), origin, ArtifactStore.Progress.NONE);
            Dataset d = published.dataset();
            log.accept((published.unchanged() ? "the training read dataset " + d.id() + " (the same files as"
                    + " published before)" : "published dataset " + d.id() + ", the data the training read"));
            if (training.dataset().isPresent()) {
                log.accept("the training keeps its dataset " + training.dataset().get() + "; " + d.id()
                        + " is published but not linked to it");
                return training;
            }
            return lineage.trainings().recordDatasetRead(training.id(), d.id());
        } catch (PublishException e) {
            log.accept("the data the training read cannot be published as dataset " + name + ": " + e.getMessage());
            return training;
        }
    }

    private static List<Path> names(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path root) {
        TemporaryDirectory.delete(root);
        if (Files.exists(root)) {
            // the publish that follows then names the directory it refuses
            LOG.log(Level.WARNING, "cannot remove all of " + root + " from the training's output");
        }
    }
}
