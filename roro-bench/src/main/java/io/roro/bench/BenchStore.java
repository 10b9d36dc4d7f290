package io.roro.bench;

import io.roro.core.lineage.store.ModelDocuments;
import io.roro.core.lineage.store.TrainingDocuments;
import io.roro.core.lineage.store.DatasetDocuments;
import io.roro.core.lineage.store.ProjectDocuments;
import com.mongodb.client.MongoCollection;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.store.DatasetStore;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.GitInfo;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.database.RecordSeries;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.contract.VersionState;
import io.roro.core.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.bson.Document;

/**
 * A large store for the benchmarks: N model versions with full lineage (builds + git commits, datasets, one
 * training each) and 500 services deployed three times each through the real deployment log. Documents are written
 * with the records' own mappings, numbered in their series and linked as the stores do, in bulk, so loading takes
 * a minute instead of an hour.
 */
final class BenchStore {
    static final int VERSIONS_PER_DATASET = 10;
    static final int VERSIONS_PER_BUILD = 200;
    static final int SERVICES = 500;
    private static final int BATCH = 1000;

    private static final Map<String, Long> counters = new HashMap<>();

    private BenchStore() {
    }

    /** {@code java -cp roro-bench.jar io.roro.bench.BenchStore VERSIONS FILE}: a store for the command benchmarks. */
    public static void main(String[] args) throws Exception {
        int versions = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        long start = System.nanoTime();
        try (Lineage lineage = Lineage.open(LineageConfig.embedded(file))) {
            load(lineage, versions);
            lineage.database().commit();
        }
        System.out.printf("loaded %,d versions into %s in %.0f s%n", versions, file, (System.nanoTime() - start) / 1e9);
    }

    /** Numbers {@code record} next in each series, as {@code RecordSeries.place} does, and queues the entries. */
    private static Document numbered(Document record, List<Document> entries, String... series) {
        Document numbers = new Document();
        for (String s : series) {
            long n = counters.merge(s, 1L, Long::sum);
            numbers.append(s, n);
            entries.add(RecordSeries.entry(s, n, record.getString("_id")));
        }
        return record.append(RecordSeries.FIELD, numbers);
    }

    static void load(Lineage lineage, int versions) {
        var db = lineage.database().mongo();
        // registered as every command registers its project: the home page lists it with its services
        lineage.projects().upsertProject("bench", Optional.empty(), Origin.of("bench", "bench"));
        lineage.models().upsertModel(ModelRecord.of(new ModelSpec("model",
                "benchmark model", List.of()), Optional.of("bench"), Origin.of("bench", "bench")));
        List<Document> series = new ArrayList<>();
        Origin origin = Origin.of("bench", "bench");
        Instant now = Instant.now();
        int builds = Math.max(1, versions / VERSIONS_PER_BUILD);
        int datasets = versions / VERSIONS_PER_DATASET;
        List<Document> buildDocs = new ArrayList<>();
        for (int b = 0; b < builds; b++) {
            String commit = String.format("%040x", b);
            Document d = ProjectDocuments.of(new BuildVersion("bench", "b" + b, "roro/bench:b" + b, "sha256:" + commit, Optional.of(
                    new GitInfo(commit, Optional.of("main"), Optional.of("https://git.example.com/bench.git"), false)),
                    "git", now, origin));
            d.append("model_versions", new ArrayList<String>()).append("trainings", new ArrayList<String>());
            numbered(d, series, RecordSeries.builds("bench"));
            buildDocs.add(d);
        }
        List<Document> datasetDocs = new ArrayList<>();
        for (int s = 0; s < datasets; s++) {
            Document d = DatasetDocuments.of(new Dataset("model", "data-" + s, "v1", List.of(new StoredFile("data.csv", 1000, "ab", "0")),
                    Map.of(), false, now, origin));
            d.append("model_versions", new ArrayList<String>());
            numbered(d, series, RecordSeries.datasets(), RecordSeries.datasets("model"),
                    DatasetStore.versionSeries(LineageIds.dataset("model", "data-" + s)));
            datasetDocs.add(d);
        }
        List<Document> trainings = new ArrayList<>();
        List<Document> modelVersions = new ArrayList<>();
        for (int v = 0; v < versions; v++) {
            String build = LineageIds.buildVersion("bench", "b" + (v % builds));
            String dataset = LineageIds.datasetVersion("model", "data-" + (v % datasets), "v1");
            TrainingRun training = new TrainingRun("bench", "t-" + v, "retrain", Optional.of(build),
                    Optional.of("python3 train.py"), Optional.empty(), Map.of("seed", v), "default",
                    Optional.of("model"), Optional.of(dataset), TrainingState.FINISHED, 1.0, Map.of("auc", 0.8),
                    Optional.empty(), now, Optional.of(now), now, Optional.of(now),
                    List.of(LineageIds.modelVersion("model", "v" + v)), origin);
            // a param and a metric that vary, as the search and the plots find them
            ModelVersion mv = new ModelVersion("model", "v" + v, Optional.of(training.id()), Optional.of(dataset),
                    Optional.of(build), Optional.empty(), List.of(new StoredFile("model.pkl", 100, "cd", "0")),
                    Map.of("auc", 0.5 + (v % 500) / 1000.0), Map.of(), Map.of("training", Map.of("params",
                            Map.of("max_depth", v % 10))), VersionState.PUBLISHED, now, origin);
            trainings.add(numbered(TrainingDocuments.of(training), series, RecordSeries.trainings("bench")));
            Document mvDoc = numbered(ModelDocuments.of(mv).append("deployments", new ArrayList<String>()), series,
                    RecordSeries.versions(), RecordSeries.versions("model"));
            modelVersions.add(mvDoc);
            buildDocs.get(v % builds).getList("model_versions", String.class).add(mv.id());
            buildDocs.get(v % builds).getList("trainings", String.class).add(training.id());
            datasetDocs.get(v % datasets).getList("model_versions", String.class).add(mv.id());
            flush(db.getCollection("trainings"), trainings, false);
            flush(db.getCollection("model_versions"), modelVersions, false);
            flush(db.getCollection(RecordSeries.COLLECTION), series, false);
        }
        flush(db.getCollection(RecordSeries.COLLECTION), series, true);
        flush(db.getCollection("trainings"), trainings, true);
        flush(db.getCollection("model_versions"), modelVersions, true);
        flush(db.getCollection("build_versions"), buildDocs, true);
        flush(db.getCollection("datasets"), datasetDocs, true);
        flush(db.getCollection(RecordSeries.COLLECTION), series, true);
        counters.forEach((name, last) -> db.getCollection("counters").insertOne(
                new Document("_id", RecordSeries.counter(name)).append("seq", last)));
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

    private static void flush(MongoCollection<Document> collection, List<Document> docs,
            boolean always) {
        if (!docs.isEmpty() && (always || docs.size() >= BATCH)) {
            collection.insertMany(docs);
            docs.clear();
        }
    }
}
