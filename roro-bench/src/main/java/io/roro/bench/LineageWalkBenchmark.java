package io.roro.bench;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Dataset;
import io.roro.core.lineage.DeploymentChange;
import io.roro.core.lineage.DeploymentEventType;
import io.roro.core.lineage.DeploymentState;
import io.roro.core.lineage.GitInfo;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.LineageConfig;
import io.roro.core.lineage.LineageGraph;
import io.roro.core.lineage.LineageIds;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.Origin;
import io.roro.core.lineage.StoredFile;
import io.roro.core.lineage.TrainingRun;
import io.roro.core.lineage.TrainingState;
import io.roro.core.lineage.VersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    private static final int VERSIONS_PER_DATASET = 10;
    private static final int VERSIONS_PER_BUILD = 200;
    private static final int SERVICES = 500;
    private static final int BATCH = 1000;

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
            load(lineage, versions);
            lineage.database().commit();
            System.out.printf("loaded in %.1f s; file %,d MB%n", (System.nanoTime() - start) / 1e9,
                    Files.size(file) / (1024 * 1024));
            Random random = new Random(7);
            int datasets = versions / VERSIONS_PER_DATASET;
            measure("upstream   deployment -> git commit", walks, () -> {
                LineageGraph g = lineage.queries().upstreamOfDeployment("bench",
                        "svc-" + random.nextInt(SERVICES));
                check(!g.nodes(LineageGraph.Kind.COMMIT).isEmpty(), "commit reached");
            });
            measure("downstream dataset -> graph + live", walks, () -> {
                LineageGraph g = lineage.queries().downstreamOfDataset(LineageIds.dataset("model",
                        "data-" + random.nextInt(datasets)));
                check(g.nodes(LineageGraph.Kind.MODEL_VERSION).size() == VERSIONS_PER_DATASET, "fan-out");
            });
            measure("live from dataset (liveFromDataset)", walks, () -> lineage.queries().liveFromDataset(
                    LineageIds.dataset("model", "data-" + random.nextInt(datasets))));
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

    private static void load(Lineage lineage, int versions) {
        var db = lineage.database().mongo();
        Origin origin = Origin.of("bench", "bench");
        Instant now = Instant.now();
        int builds = Math.max(1, versions / VERSIONS_PER_BUILD);
        int datasets = versions / VERSIONS_PER_DATASET;
        List<Document> buildDocs = new ArrayList<>();
        for (int b = 0; b < builds; b++) {
            String commit = String.format("%040x", b);
            Document d = new BuildVersion("bench", "b" + b, "roro/bench:b" + b, "sha256:" + commit, Optional.of(
                    new GitInfo(commit, Optional.of("main"), Optional.of("https://git.example.com/bench.git"), false)),
                    "git", now, origin).toDocument();
            d.append("model_versions", new ArrayList<String>()).append("trainings", new ArrayList<String>());
            buildDocs.add(d);
        }
        List<Document> datasetDocs = new ArrayList<>();
        for (int s = 0; s < datasets; s++) {
            Document d = new Dataset("model", "data-" + s, List.of(new StoredFile("data.csv", 1000, "ab", "0")),
                    Map.of(), false, now, origin).toDocument();
            d.append("model_versions", new ArrayList<String>());
            datasetDocs.add(d);
        }
        List<Document> trainings = new ArrayList<>();
        List<Document> modelVersions = new ArrayList<>();
        for (int v = 0; v < versions; v++) {
            String build = LineageIds.buildVersion("bench", "b" + (v % builds));
            String dataset = LineageIds.dataset("model", "data-" + (v % datasets));
            TrainingRun training = new TrainingRun("bench", "t-" + v, "retrain", Optional.of(build),
                    Optional.of("python3 train.py"), Optional.empty(), Map.of("seed", v), "default",
                    Optional.of("model"), Optional.of(dataset), TrainingState.FINISHED, 1.0, Map.of("auc", 0.8),
                    Optional.empty(), now, Optional.of(now), now, Optional.of(now),
                    List.of(LineageIds.modelVersion("model", "v" + v)), origin);
            ModelVersion mv = new ModelVersion("model", "v" + v, Optional.of(training.id()), Optional.of(dataset),
                    Optional.of(build), Optional.empty(), List.of(new StoredFile("model.pkl", 100, "cd", "0")),
                    Map.of("auc", 0.8), Map.of(), Map.of(), VersionState.PUBLISHED, now, origin);
            trainings.add(training.toDocument());
            Document mvDoc = mv.toDocument().append("deployments", new ArrayList<String>());
            modelVersions.add(mvDoc);
            buildDocs.get(v % builds).getList("model_versions", String.class).add(mv.id());
            buildDocs.get(v % builds).getList("trainings", String.class).add(training.id());
            datasetDocs.get(v % datasets).getList("model_versions", String.class).add(mv.id());
            flush(db.getCollection("trainings"), trainings, false);
            flush(db.getCollection("model_versions"), modelVersions, false);
        }
        flush(db.getCollection("trainings"), trainings, true);
        flush(db.getCollection("model_versions"), modelVersions, true);
        flush(db.getCollection("build_versions"), buildDocs, true);
        flush(db.getCollection("datasets"), datasetDocs, true);
        // Services are deployed through the real deployment log; each had a few versions over time.
        Random random = new Random(1);
        for (int s = 0; s < SERVICES; s++) {
            for (int change = 0; change < 3; change++) {
                int v = random.nextInt(versions);
                lineage.deployments().record(new DeploymentChange("bench", "svc-" + s, DeploymentEventType.DEPLOYED,
                        DeploymentState.RUNNING, Optional.of(LineageIds.modelVersion("model", "v" + v)),
                        Optional.of(LineageIds.buildVersion("bench", "b" + (v % builds))), 2, "default", "docker",
                        Optional.empty(), Optional.empty(), origin));
            }
        }
    }

    private static void flush(com.mongodb.client.MongoCollection<Document> collection, List<Document> docs,
            boolean always) {
        if (!docs.isEmpty() && (always || docs.size() >= BATCH)) {
            collection.insertMany(docs);
            docs.clear();
        }
    }
}
