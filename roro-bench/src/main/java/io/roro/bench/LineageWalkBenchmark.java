package io.roro.bench;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.search.VersionSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.bson.Document;

/**
 * Loads N model versions with full lineage (build + git commit, dataset, training, and deployments) into the
 * embedded store (H2 file) and measures the two lineage walks users ask for:
 * upstream "what produced the model that is live?" (deployment -> version -> training -> build -> commit, dataset)
 * and downstream "what is live that came from dataset X?" (dataset -> versions -> deployments).
 *
 * <p>Documents are written with the records' own mappings and the same child links the store maintains, in bulk,
 * so loading takes a minute instead of an hour; the walks are the production {@code LineageQueries}.
 *
 * <p>Usage: {@code java -jar roro-bench.jar [versions=100000] [walks=2000] [dir]}
 */
public final class LineageWalkBenchmark {

    private LineageWalkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int walks = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("roro-bench");
        Path file = dir.resolve("lineage.mv");
        Files.deleteIfExists(file);
        System.out.printf("loading %,d model versions with lineage into the embedded store %s%n", versions, file);
        long start = System.nanoTime();
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(file))) {
            BenchStore.load(lineage, versions);
            lineage.database().commit();
            System.out.printf("loaded in %.1f s; file %,d MB%n", (System.nanoTime() - start) / 1e9,
                    Files.size(file) / (1024 * 1024));
            Random random = new Random(7);
            int datasets = versions / BenchStore.VERSIONS_PER_DATASET;
            measure("upstream   deployment -> git commit", walks, () -> {
                LineageGraph g = lineage.queries().upstreamOfDeployment("bench",
                        "svc-" + random.nextInt(BenchStore.SERVICES));
                check(!g.nodes(LineageGraph.Kind.COMMIT).isEmpty(), "commit reached");
            });
            measure("downstream dataset -> graph + live", walks, () -> {
                LineageGraph g = lineage.queries().downstreamOfDataset(LineageIds.datasetVersion("model",
                        "data-" + random.nextInt(datasets), "v1"));
                check(g.nodes(LineageGraph.Kind.MODEL_VERSION).size() == BenchStore.VERSIONS_PER_DATASET, "fan-out");
            });
            measure("live from dataset (liveFromDataset)", walks, () -> lineage.queries().liveFromDataset(
                    LineageIds.datasetVersion("model", "data-" + random.nextInt(datasets), "v1")));
            // registry queries, newest first by key (RecordSeries): none may grow with the store
            measure("versions --model, first page of 50", walks, () -> check(lineage.models().versions(
                    Optional.of("model"), new Document(), false, Optional.empty(), 50).size() == Math.min(50, versions),
                    "page"));
            measure("versions --model --after (any page)", walks, () -> lineage.models().versions(
                    Optional.of("model"), new Document(), false,
                    Optional.of(LineageIds.modelVersion("model", "v" + random.nextInt(versions))), 50));
            measure("versions --filter (metrics), first page", walks, () -> check(lineage.models().versions(
                    Optional.of("model"), VersionSearch.filter("metrics.auc > 0.4"), false, Optional.empty(),
                    50).size() == Math.min(50, versions), "filtered page"));
            measure("latest version", walks, () -> check(lineage.models().latestVersion("model").isPresent(), "latest"));
            measure("trainings, newest 10 (ps)", walks, () -> lineage.trainings().trainings("bench", Optional.empty(),
                    10));
            measure("datasets, first page of 50", walks, () -> lineage.datasets().datasets(Optional.of("model"),
                    Optional.empty(), 50));
            measure("deployments of the project (ps)", walks, () -> lineage.deployments().deployments(
                    Optional.of("bench")));
            measure("timeline of a service", walks, () -> lineage.deployments().timeline("bench",
                    "svc-" + random.nextInt(BenchStore.SERVICES)));
            measure("live at T on a service", walks, () -> lineage.deployments().at("bench",
                    "svc-" + random.nextInt(BenchStore.SERVICES), Instant.now()));
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("walk result wrong: " + what);
        }
    }

    private static void measure(String name, int walks, Runnable walk) {
        for (int i = 0; i < Math.max(200, walks / 5); i++) {
            walk.run(); // warm-up: JIT, connection pool, H2 page cache
        }
        long[] nanos = new long[walks];
        for (int i = 0; i < walks; i++) {
            long t = System.nanoTime();
            walk.run();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-40s n=%d  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", name, walks,
                nanos[walks / 2] / 1e6, nanos[(int) (walks * 0.99)] / 1e6, nanos[walks - 1] / 1e6);
    }

}
