package io.roro.core.platform.docker;

import io.roro.core.TemporaryDirectory;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.LocalSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * What the docker target keeps in the roro home besides the lineage store, and what of it can go: the model
 * copies backends mount ({@code models/MODEL/VERSION}) and the output and data copies of trainings
 * ({@code work/PROJECT/TRAINING/output|data}). Every file there is also in the store, so nothing is lost. Kept: a
 * copy a container mounts, a version live or canaried, the newest {@value #NEWEST_KEPT} versions of each model, the
 * work of a training that runs, and the output of one that ended within a day without publishing (to look at).
 * Notebook directories hold the user's own work and are never touched.
 */
final class LocalCopies {
    static final int NEWEST_KEPT = 3;
    static final Duration UNPUBLISHED_KEPT = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger(LocalCopies.class.getName());

    private final DockerCli docker;
    private final Supplier<Lineage> lineage;
    private final Path home;

    LocalCopies(DockerCli docker, Supplier<Lineage> lineage, Path home) {
        this.docker = docker;
        this.lineage = lineage;
        this.home = home;
    }

    LocalSpace collect(boolean remove) {
        List<LocalSpace.Item> items = new ArrayList<>();
        items.addAll(modelCopies());
        items.addAll(trainingWork());
        if (remove) {
            items.stream().filter(i -> i.keptBecause().isEmpty()).forEach(i -> delete(Path.of(i.path())));
        }
        return new LocalSpace(items);
    }

    private List<LocalSpace.Item> modelCopies() {
        Path root = home.resolve("models");
        List<LocalSpace.Item> items = new ArrayList<>();
        Set<Path> mounted = mounted();
        Lineage l = lineage.get();
        for (Path model : children(root)) {
            if (model.getFileName().toString().startsWith(".")) {
                continue; // .incoming: downloads in progress
            }
            String name = model.getFileName().toString();
            Set<String> newest = new HashSet<>();
            l.models().versions(Optional.of(name), new Document(), false, Optional.empty(), NEWEST_KEPT)
                    .forEach(v -> newest.add(v.id()));
            List<Path> versions = children(model);
            List<ModelVersion> recorded = versions.stream().map(v -> l.models().modelVersion(name + ":"
                    + v.getFileName())).flatMap(Optional::stream).toList();
            Map<String, List<String>> served = l.queries().servedBy(recorded);
            for (Path version : versions) {
                String id = name + ":" + version.getFileName();
                Optional<String> why = mounted.contains(version.toAbsolutePath().normalize())
                        ? Optional.of("a container mounts it")
                        : served.containsKey(id) ? Optional.of("live on " + String.join(", ", served.get(id)))
                        : newest.contains(id) ? Optional.of("one of the newest " + NEWEST_KEPT + " of " + name)
                        : Optional.empty();
                items.add(new LocalSpace.Item(version.toString(), "model copy " + id, size(version), why));
            }
        }
        return items;
    }

    private List<LocalSpace.Item> trainingWork() {
        List<LocalSpace.Item> items = new ArrayList<>();
        Lineage l = lineage.get();
        for (Path project : children(home.resolve("work"))) {
            for (Path dir : children(project)) {
                String name = dir.getFileName().toString();
                if (name.startsWith("notebook-")) {
                    continue; // the user's own notebooks
                }
                Optional<TrainingRun> run = l.trainings().training(project.getFileName() + ":" + name);
                boolean ended = run.map(r -> r.state().isFinal()).orElse(true); // no record: nothing follows it
                boolean published = run.map(r -> !r.modelVersions().isEmpty()).orElse(false);
                boolean recent = run.flatMap(TrainingRun::finishedAt)
                        .map(t -> t.isAfter(Instant.now().minus(UNPUBLISHED_KEPT))).orElse(false);
                String id = project.getFileName() + ":" + name;
                Path output = dir.resolve("output");
                if (Files.isDirectory(output)) {
                    Optional<String> why = !ended ? Optional.of("its training runs")
                            : !published && recent ? Optional.of("its training ended less than a day ago and"
                                    + " published nothing: its output is there to look at") : Optional.empty();
                    items.add(new LocalSpace.Item(output.toString(), "training output " + id, size(output), why));
                }
                Path data = dir.resolve("data");
                if (Files.isDirectory(data)) {
                    items.add(new LocalSpace.Item(data.toString(), "training data " + id, size(data),
                            ended ? Optional.empty() : Optional.of("its training runs")));
                }
            }
        }
        return items;
    }

    /**
     * This home's model copies some container of this engine mounts (running or stopped: a restart mounts it
     * again), by the mounts' sources: another home's container serving a version of the same name mounts its own.
     */
    private Set<Path> mounted() {
        CommandResult listed = docker.run(List.of("ps", "-aq", "--filter", "label=io.roro.model-version"), 60);
        if (!listed.ok()) {
            throw new DockerException("cannot ask the engine which model copies its containers mount: "
                    + listed.stderr().strip());
        }
        List<String> ids = listed.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        Set<Path> sources = new HashSet<>();
        if (ids.isEmpty()) {
            return sources;
        }
        List<String> inspect = new ArrayList<>(List.of("inspect", "--format",
                "{{range .Mounts}}{{println .Source}}{{end}}"));
        inspect.addAll(ids);
        // a container removed since the listing is no error: inspect still prints the others' mounts
        docker.run(inspect, 60).stdout().lines().map(String::strip).filter(s -> !s.isEmpty())
                .forEach(source -> sources.add(Path.of(source).toAbsolutePath().normalize()));
        return sources;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void delete(Path dir) {
        TemporaryDirectory.delete(dir);
        if (Files.exists(dir)) {
            // a file a training's container made unremovable for this user: the next gc lists it again
            LOG.log(Level.WARNING, "cannot remove all of " + dir);
        }
    }
}
