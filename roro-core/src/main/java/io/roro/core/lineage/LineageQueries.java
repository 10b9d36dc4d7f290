package io.roro.core.lineage;

import io.roro.core.lineage.store.ModelDocuments;
import io.roro.core.lineage.store.ProjectDocuments;
import io.roro.core.lineage.store.DeploymentDocuments;
import io.roro.core.lineage.store.DatasetDocuments;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Dataset;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.store.DeploymentLog;
import io.roro.core.lineage.store.Docs;
import io.roro.core.lineage.database.LineageDatabase;
import io.roro.core.lineage.database.LineageDocuments;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.LineageGraph.Direction;
import io.roro.core.contract.LineageGraph.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Lineage walks in both directions. Every hop is a lookup by {@code _id} (parents are referenced by id; parents
 * list their children's ids), so a walk costs a handful of key lookups on the embedded server and on MongoDB alike.
 * Links to records that were never completed (a publish killed half-way) are skipped.
 */
public final class LineageQueries {
    /** Fine-tuning chains longer than this are cut, which also stops a corrupted cycle. */
    private static final int MAX_PRETRAINED_DEPTH = 20;

    private final LineageDocuments docs;
    private final Lineage lineage;
    private final DeploymentLog deployments;

    LineageQueries(LineageDocuments docs, Lineage lineage) {
        this.docs = docs;
        this.lineage = lineage;
        this.deployments = lineage.deployments();
    }

    /**
     * The walk a reference asks for, in the CLI's terms: {@code MODEL:VERSION} (where it came from and where it
     * went), {@code deployment/PROJECT:SERVICE} (upstream), {@code build/PROJECT:TAG} and
     * {@code dataset/MODEL:NAME:VERSION} (downstream).
     */
    public LineageGraph around(String reference) {
        LineageRef ref = LineageRef.parse(reference);
        return switch (ref.kind()) {
            case DEPLOYMENT -> upstreamOfDeployment(ref.owner(), ref.name());
            case BUILD -> downstreamOfBuild(ref.id());
            case DATASET -> downstreamOfDataset(ref.id());
            case MODEL_VERSION -> LineageGraph.merge(List.of(upstreamOfVersion(ref.id()),
                    downstreamOfVersion(ref.id())));
        };
    }

    /** Deployment -> model version -> training, dataset, build -> git commit (+ pretrained chain). */
    public LineageGraph upstreamOfDeployment(String project, String service) {
        Deployment deployment = deployments.deployment(project, service)
                .orElseThrow(() -> new LineageException("no deployment " + project + ":" + service));
        LineageGraph.Builder graph = new LineageGraph.Builder();
        String root = deploymentNode(graph, deployment);
        deployment.modelVersion().flatMap(lineage.models()::modelVersion)
                .ifPresent(mv -> graph.edge(upstreamOf(graph, mv, 0), root, deployment.servesAs(mv.id())
                        .orElse("serves")));
        // a canary or shadow beside the live version came from somewhere too
        deployment.candidate().filter(c -> deployment.isLive()).flatMap(Candidate::modelVersion)
                .flatMap(lineage.models()::modelVersion).ifPresent(mv -> graph.edge(upstreamOf(graph, mv, 0), root,
                        deployment.servesAs(mv.id()).orElseThrow()));
        deployment.buildVersion().flatMap(lineage.projects()::buildVersion)
                .ifPresent(b -> graph.edge(buildNode(graph, b), root, "runs image"));
        return graph.build(root, Direction.UPSTREAM);
    }

    /** Model version -> training, dataset, build -> git commit (+ pretrained chain). */
    public LineageGraph upstreamOfVersion(String modelVersionId) {
        ModelVersion mv = lineage.models().modelVersion(modelVersionId)
                .orElseThrow(() -> new LineageException("no model version " + modelVersionId));
        LineageGraph.Builder graph = new LineageGraph.Builder();
        return graph.build(upstreamOf(graph, mv, 0), Direction.UPSTREAM);
    }

    private String upstreamOf(LineageGraph.Builder graph, ModelVersion mv, int depth) {
        String id = LineageGraph.nodeId(Kind.MODEL_VERSION, mv.id());
        if (graph.has(id)) {
            return id;
        }
        versionNode(graph, mv);
        Optional<TrainingRun> training = mv.training().flatMap(lineage.trainings()::training);
        training.ifPresent(t -> {
            String trainingId = trainingNode(graph, t);
            graph.edge(trainingId, id, "trained by");
            t.buildVersion().flatMap(lineage.projects()::buildVersion)
                    .ifPresent(b -> graph.edge(buildNode(graph, b), trainingId, "ran image"));
        });
        mv.dataset().flatMap(lineage.datasets()::dataset).ifPresent(d -> graph.edge(datasetNode(graph, d), id, "trained on"));
        boolean buildViaTraining = training.flatMap(TrainingRun::buildVersion).equals(mv.buildVersion());
        if (!buildViaTraining) {
            mv.buildVersion().flatMap(lineage.projects()::buildVersion)
                    .ifPresent(b -> graph.edge(buildNode(graph, b), id, "built"));
        }
        if (depth < MAX_PRETRAINED_DEPTH) {
            mv.pretrained().flatMap(lineage.models()::modelVersion)
                    .ifPresent(p -> graph.edge(upstreamOf(graph, p, depth + 1), id, "fine-tuned from"));
        }
        return id;
    }

    /** Dataset -> model versions trained on it -> deployments (live ones marked). */
    public LineageGraph downstreamOfDataset(String datasetId) {
        Document raw = docs.byId(LineageDatabase.DATASETS, datasetId)
                .orElseThrow(() -> new LineageException("no dataset " + datasetId));
        LineageGraph.Builder graph = new LineageGraph.Builder();
        String root = datasetNode(graph, DatasetDocuments.dataset(raw));
        for (Document mv : docs.byIds(LineageDatabase.MODEL_VERSIONS, Docs.strings(raw, "model_versions"))) {
            graph.edge(root, downstreamOf(graph, mv, 0), "trained");
        }
        return graph.build(root, Direction.DOWNSTREAM);
    }

    /**
     * Deployments serving, right now, a version that came from the dataset (directly or by fine-tuning): the
     * question "what is live that came from dataset X?" in two round trips, without building the whole graph.
     */
    public List<Deployment> liveFromDataset(String datasetId) {
        Document raw = docs.byId(LineageDatabase.DATASETS, datasetId)
                .orElseThrow(() -> new LineageException("no dataset " + datasetId));
        Map<String, Set<String>> servedBy = new LinkedHashMap<>();
        for (Document pair : Docs.documents(raw, "deployed")) {
            servedBy.computeIfAbsent(pair.getString("deployment"), k -> new HashSet<>())
                    .add(pair.getString("model_version"));
        }
        return docs.byIds(LineageDatabase.DEPLOYMENTS, List.copyOf(servedBy.keySet())).stream()
                .map(DeploymentDocuments::deployment)
                .filter(d -> servedBy.get(d.id()).stream().anyMatch(mv -> d.servesAs(mv).isPresent()))
                .toList();
    }

    /** Build version -> trainings and model versions -> deployments, plus deployments running the image. */
    public LineageGraph downstreamOfBuild(String buildId) {
        Document raw = docs.byId(LineageDatabase.BUILD_VERSIONS, buildId)
                .orElseThrow(() -> new LineageException("no build version " + buildId));
        LineageGraph.Builder graph = new LineageGraph.Builder();
        String root = buildNode(graph, ProjectDocuments.buildVersion(raw));
        // one read for the build's versions (200 a build: 200 reads took most of the page's time)
        for (Document mv : docs.byIds(LineageDatabase.MODEL_VERSIONS, Docs.strings(raw, "model_versions"))) {
            graph.edge(root, downstreamOf(graph, mv, 0), "built");
        }
        for (String deploymentId : Docs.strings(raw, "deployments")) {
            deploymentById(deploymentId).filter(d -> d.buildVersion().equals(Optional.of(buildId)))
                    .ifPresent(d -> graph.edge(root, deploymentNode(graph, d), "runs in"));
        }
        return graph.build(root, Direction.DOWNSTREAM);
    }

    /** Model version -> its deployments and the versions fine-tuned from it. */
    public LineageGraph downstreamOfVersion(String modelVersionId) {
        Document raw = docs.byId(LineageDatabase.MODEL_VERSIONS, modelVersionId)
                .orElseThrow(() -> new LineageException("no model version " + modelVersionId));
        LineageGraph.Builder graph = new LineageGraph.Builder();
        return graph.build(downstreamOf(graph, raw, 0), Direction.DOWNSTREAM);
    }

    /** {@code raw} is the version's document: its child links come with it, no second lookup. */
    private String downstreamOf(LineageGraph.Builder graph, Document raw, int depth) {
        ModelVersion mv = ModelDocuments.modelVersion(raw);
        String id = LineageGraph.nodeId(Kind.MODEL_VERSION, mv.id());
        if (graph.has(id)) {
            return id;
        }
        versionNode(graph, mv);
        for (String deploymentId : Docs.strings(raw, "deployments")) {
            deploymentById(deploymentId).ifPresent(d -> graph.edge(id, deploymentNode(graph, d),
                    d.servesAs(mv.id()).orElse("was deployed to")));
        }
        if (depth < MAX_PRETRAINED_DEPTH) {
            for (String derived : Docs.strings(raw, "derived")) {
                docs.byId(LineageDatabase.MODEL_VERSIONS, derived)
                        .ifPresent(child -> graph.edge(id, downstreamOf(graph, child, depth + 1), "fine-tuned into"));
            }
        }
        return id;
    }

    private Optional<Deployment> deploymentById(String id) {
        String[] parts = id.split(":", 2);
        return parts.length == 2 ? deployments.deployment(parts[0], parts[1]) : Optional.empty();
    }

    // -- nodes --------------------------------------------------------------------------------------------------

    private static String versionNode(LineageGraph.Builder graph, ModelVersion mv) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("state", mv.state().name());
        attributes.put("created_at", mv.createdAt().toString());
        attributes.put("metrics", mv.metrics());
        attributes.put("origin", mv.origin().describe());
        String label = "model version " + mv.id() + (mv.state().usable() ? ""
                : " [" + mv.state().name().toLowerCase(Locale.ROOT) + "]")
                + (mv.metrics().isEmpty() ? "" : " " + MetricsText.of(mv.metrics()));
        return graph.add(Kind.MODEL_VERSION, mv.id(), label, attributes);
    }

    private static String trainingNode(LineageGraph.Builder graph, TrainingRun t) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("state", t.state().name());
        attributes.put("task", t.task());
        attributes.put("params", t.params());
        attributes.put("profile", t.profile());
        attributes.put("origin", t.origin().describe());
        return graph.add(Kind.TRAINING, t.id(), "training " + t.id() + " [" + t.state() + "] task " + t.task()
                + (t.params().isEmpty() ? "" : " params " + t.params()), attributes);
    }

    private static String datasetNode(LineageGraph.Builder graph, Dataset d) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("files", d.files().stream().map(f -> f.name() + " sha256:" + f.sha256()).toList());
        attributes.put("archived", d.archived());
        return graph.add(Kind.DATASET, d.id(), "dataset " + d.id() + (d.archived() ? " [archived]" : ""),
                attributes);
    }

    private static String buildNode(LineageGraph.Builder graph, BuildVersion b) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("image", b.image());
        attributes.put("image_id", b.imageId());
        attributes.put("built_at", b.builtAt().toString());
        String id = graph.add(Kind.BUILD_VERSION, b.id(), "build " + b.id() + " image " + b.image(), attributes);
        b.git().ifPresent(g -> {
            Map<String, Object> git = new LinkedHashMap<>();
            git.put("commit", g.commit());
            g.branch().ifPresent(br -> git.put("branch", br));
            g.remote().ifPresent(r -> git.put("remote", r));
            git.put("dirty", g.dirty());
            String commit = graph.add(Kind.COMMIT, g.commit(), "git " + g.shortCommit()
                    + g.branch().map(br -> " on " + br).orElse("") + g.remote().map(r -> " of " + r).orElse("")
                    + (g.dirty() ? " (with uncommitted changes)" : ""), git);
            graph.edge(commit, id, "source");
        });
        return id;
    }

    private static String deploymentNode(LineageGraph.Builder graph, Deployment d) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("live", d.isLive());
        d.modelVersion().ifPresent(mv -> attributes.put("model_version", mv));
        attributes.put("state", d.state().name());
        attributes.put("replicas", d.replicas());
        attributes.put("target", d.target());
        d.endpoint().ifPresent(e -> attributes.put("endpoint", e));
        d.candidate().ifPresent(c -> attributes.put("candidate", c.describe()));
        return graph.add(Kind.DEPLOYMENT, d.id(), "deployment " + d.id() + " [" + d.state() + "]"
                + d.modelVersion().map(mv -> " serving " + mv).orElse("")
                + d.candidate().map(c -> " with " + c.describe()).orElse("") + d.endpoint().map(e -> " " + e).orElse(""),
                attributes);
    }

    /**
     * Where each of {@code versions} serves now: its live deployments as {@code SERVICE} (the project's), with
     * {@code SERVICE (canary 10%)} or {@code SERVICE (shadow)} beside a live version. One read of each project's
     * deployments, however many versions: what `versions` marks and `versions show` says.
     */
    public Map<String, List<String>> servedBy(List<ModelVersion> versions) {
        Map<String, List<String>> served = new LinkedHashMap<>();
        Set<String> projects = new TreeSet<>();
        versions.stream().map(ModelVersion::model).distinct().forEach(m -> lineage.models().model(m)
                .flatMap(ModelRecord::project).ifPresent(projects::add));
        for (String project : projects) {
            for (Deployment d : deployments.deployments(Optional.of(project))) {
                if (!d.isLive()) {
                    continue;
                }
                d.modelVersion().ifPresent(v -> served.computeIfAbsent(v, k -> new ArrayList<>())
                        .add(d.service()));
                d.candidate().ifPresent(c -> c.modelVersion().ifPresent(v -> served.computeIfAbsent(v,
                        k -> new ArrayList<>()).add(d.service() + " (" + (c.mode() == Candidate.Mode.CANARY
                                ? "canary " + c.share() + "%" : "shadow") + ")")));
            }
        }
        return served;
    }
}
