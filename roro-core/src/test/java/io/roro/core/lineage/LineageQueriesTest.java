package io.roro.core.lineage;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.LineageGraph;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.VersionState;
import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.LineageGraph.Kind;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.TreeMap;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** "What produced the model that is live?" and "what is live that came from dataset X?" */
class LineageQueriesTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    @TempDir
    Path dir;
    private Lineage lineage;
    private Dataset oldData;
    private Dataset newData;
    private BuildVersion build;
    private ModelVersion v1;
    private ModelVersion v2;
    private ModelVersion v3;

    @BeforeEach
    void scenario() throws IOException {
        lineage = MONGO.newLineage();
        LineageFixtures.model(lineage, "credit-model");
        oldData = ModelPublisher.of(lineage).publishDataset("credit-model", "data-2026-10",
                LineageFixtures.modelDir(dir, "old", Map.of("credit.csv", "old")), Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE).dataset();
        newData = ModelPublisher.of(lineage).publishDataset("credit-model", "data-2026-11",
                LineageFixtures.modelDir(dir, "new", Map.of("credit.csv", "new")), Map.of(), LineageFixtures.ORIGIN,
                ArtifactStore.Progress.NONE).dataset();
        build = LineageFixtures.build(lineage, "b1", "1111111111111111");
        Path out = LineageFixtures.modelDir(dir, "out", Map.of("model.pkl", "w"));
        v1 = publish(out, oldData, Optional.empty());
        v2 = publish(out, newData, Optional.empty());
        v3 = publish(out, newData, Optional.of(v2.id())); // fine-tuned from v2
        deploy("default", v1);
        deploy("default", v3); // default now serves v3
        deploy("shadow", v1);  // shadow serves v1
        deploy("batch", v2);
        lineage.deployments().record(new DeploymentChange("credit-risk", "batch", DeploymentEventType.STOPPED,
                DeploymentState.STOPPED, Optional.of(v2.id()), Optional.of(build.id()), 0, "small", "docker",
                Optional.empty(), Optional.empty(), LineageFixtures.ORIGIN));
    }

    @AfterEach
    void close() {
        lineage.close();
    }

    private ModelVersion publish(Path out, Dataset data, Optional<String> pretrained) {
        TrainingRun t = LineageFixtures.finishedTraining(lineage, build, Optional.of(data.id()), Map.of());
        PublishRequest request = PublishRequest.of("credit-model", out, LineageFixtures.ORIGIN)
                .withTraining(t.id()).withDataset(data.id());
        return ModelPublisher.of(lineage).publish(pretrained.map(request::withPretrained).orElse(request));
    }

    private void deploy(String service, ModelVersion v) {
        lineage.deployments().record(new DeploymentChange("credit-risk", service, DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v.id()), Optional.of(build.id()), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9000/" + service), Optional.empty(), LineageFixtures.ORIGIN));
    }

    @Test
    void whereEachVersionServesNowIsOneReadOfTheProjectsDeployments() {
        assertThat(lineage.queries().servedBy(List.of(v1, v2, v3)))
                .containsEntry("credit-model:v3", List.of("default"))
                .containsEntry("credit-model:v1", List.of("shadow"))
                .doesNotContainKey("credit-model:v2"); // its service was stopped
    }

    @Test
    void whatProducedTheModelThatIsLive() {
        LineageGraph graph = lineage.queries().upstreamOfDeployment("credit-risk", "default");
        assertThat(graph.root()).isEqualTo("deployment/credit-risk:default");
        assertThat(graph.nodes(Kind.MODEL_VERSION)).extracting(LineageGraph.Node::key)
                .containsExactlyInAnyOrder("credit-model:v3", "credit-model:v2");
        assertThat(graph.nodes(Kind.DATASET)).extracting(LineageGraph.Node::key)
                .containsExactly("credit-model:data-2026-11:v1");
        assertThat(graph.nodes(Kind.COMMIT)).extracting(LineageGraph.Node::key).containsExactly("1111111111111111");
        assertThat(graph.nodes(Kind.TRAINING)).hasSize(2);
        assertThat(graph.edges()).contains(new LineageGraph.Edge("model_version/credit-model:v2",
                "model_version/credit-model:v3", "fine-tuned from"));
    }

    @Test
    void whatIsLiveThatCameFromADataset() {
        LineageGraph fromOld = lineage.queries().downstreamOfDataset(oldData.id());
        assertThat(fromOld.liveDeployments()).extracting(LineageGraph.Node::key)
                .containsExactly("credit-risk:shadow");

        LineageGraph fromNew = lineage.queries().downstreamOfDataset(newData.id());
        // v2 was deployed to batch (now stopped); v3 is live on default
        assertThat(fromNew.nodes(Kind.MODEL_VERSION)).extracting(LineageGraph.Node::key)
                .containsExactlyInAnyOrder("credit-model:v2", "credit-model:v3");
        assertThat(fromNew.liveDeployments()).extracting(LineageGraph.Node::key)
                .containsExactly("credit-risk:default");
        assertThat(fromNew.nodes(Kind.DEPLOYMENT)).extracting(LineageGraph.Node::key)
                .containsExactlyInAnyOrder("credit-risk:default", "credit-risk:batch");
    }

    @Test
    void onlyALiveDeploymentIsServingAVersion() {
        LineageGraph graph = lineage.queries().downstreamOfVersion(v2.id());
        // batch served v2 and was stopped: it still names v2, but serves nothing
        assertThat(graph.edges()).filteredOn(e -> e.child().equals(LineageGraph.nodeId(Kind.DEPLOYMENT,
                "credit-risk:batch"))).extracting(LineageGraph.Edge::relation).containsExactly("was deployed to");
        assertThat(lineage.queries().downstreamOfVersion(v3.id()).edges()).extracting(LineageGraph.Edge::relation)
                .contains("serving on");
    }

    @Test
    void aStartThatLinkedButNeverWentLiveChangesNoAnswer() {
        // a serve links while its backends start; if they never get healthy, only the links remain
        lineage.deployments().link(new DeploymentChange("credit-risk", "shadow", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v2.id()), Optional.of(build.id()), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9000/shadow"), Optional.empty(), LineageFixtures.ORIGIN));
        assertThat(lineage.deployments().deployment("credit-risk", "shadow").orElseThrow().modelVersion())
                .contains(v1.id());
        assertThat(lineage.deployments().liveOn(v2.id())).isEmpty();
        assertThat(lineage.queries().liveFromDataset(newData.id())).extracting(Deployment::id)
                .containsExactly("credit-risk:default");
        assertThat(lineage.queries().upstreamOfDeployment("credit-risk", "shadow").nodes(Kind.MODEL_VERSION))
                .extracting(LineageGraph.Node::key).containsExactly(v1.id());
    }

    @Test
    void liveFromADatasetIncludesFineTunedDescendants() {
        assertThat(lineage.queries().liveFromDataset(oldData.id())).extracting(Deployment::id)
                .containsExactly("credit-risk:shadow");
        // default serves v3, fine-tuned from v2; both trained on the new data. batch (v2) is stopped.
        assertThat(lineage.queries().liveFromDataset(newData.id())).extracting(Deployment::id)
                .containsExactly("credit-risk:default");
        deploy("default", v1); // default moves to a version of the old data
        assertThat(lineage.queries().liveFromDataset(newData.id())).isEmpty();
        assertThat(lineage.queries().liveFromDataset(oldData.id())).extracting(Deployment::id)
                .containsExactlyInAnyOrder("credit-risk:shadow", "credit-risk:default");
    }

    @Test
    void downstreamOfABuildFindsEverythingItMade() {
        LineageGraph graph = lineage.queries().downstreamOfBuild(build.id());
        assertThat(graph.nodes(Kind.MODEL_VERSION)).hasSize(3);
        assertThat(graph.liveDeployments()).extracting(LineageGraph.Node::key)
                .containsExactlyInAnyOrder("credit-risk:default", "credit-risk:shadow");
    }

    @Test
    void archivedRecordsStillResolveInLineage() {
        lineage.datasets().archiveDataset(newData.id());
        lineage.models().archiveVersion(v2.id(), List.of());
        LineageGraph graph = lineage.queries().upstreamOfDeployment("credit-risk", "default");
        assertThat(graph.nodes(Kind.MODEL_VERSION)).extracting(LineageGraph.Node::label)
                .anySatisfy(l -> assertThat(l).contains("credit-model:v2 [archived]"));
        assertThat(graph.nodes(Kind.DATASET)).extracting(LineageGraph.Node::label)
                .containsExactly("dataset credit-model:data-2026-11:v1 [archived]");
        assertThat(lineage.queries().downstreamOfDataset(newData.id()).liveDeployments()).hasSize(1);
    }

    @Test
    void aLiveVersionCannotBeArchived() {
        Assertions.assertThatThrownBy(() -> lineage.archiveVersion(v3.id()))
                .hasMessageContaining(v3.id() + " is live on credit-risk:default");
        lineage.archiveVersion(v2.id()); // deployed to batch once, which is stopped now
        assertThat(lineage.models().modelVersion(v2.id()).orElseThrow().state()).isEqualTo(VersionState.ARCHIVED);
    }

    @Test
    void treeRenderingShowsSharedRecordsOnce() {
        String tree = lineage.queries().upstreamOfDeployment("credit-risk", "default").renderTree();
        assertThat(tree).startsWith("deployment credit-risk:default [RUNNING] serving credit-model:v3"
                + " http://127.0.0.1:9000/default\n");
        assertThat(tree).contains("(above)");
        assertThat(tree.lines().filter(l -> l.contains("source: git 111111111111")).count()).isEqualTo(1);
    }

    @Test
    void aVersionsSurroundingsAreWhereItCameFromAndWhereItWent() {
        LineageGraph around = lineage.queries().around(v2.id());
        assertThat(around.nodes(Kind.DATASET)).extracting(LineageGraph.Node::key).containsExactly(newData.id());
        assertThat(around.nodes(Kind.MODEL_VERSION)).extracting(LineageGraph.Node::key)
                .contains(v2.id(), v3.id()); // v3 was fine-tuned from v2
        assertThat(around.nodes(Kind.DEPLOYMENT)).extracting(LineageGraph.Node::key)
                .contains("credit-risk:batch", "credit-risk:default");
        assertThat(lineage.queries().around("deployment/credit-risk:default").root())
                .isEqualTo("deployment/credit-risk:default");
        assertThat(lineage.queries().around("build/" + build.id()).nodes(Kind.MODEL_VERSION)).hasSize(3);
    }

    @Test
    void theDrawnGraphHasEveryRecordAndRelationAndMarksWhatIsLive() throws Exception {
        LineageGraph graph = LineageGraph.merge(List.of(lineage.queries().around(v3.id()),
                lineage.queries().around("deployment/credit-risk:shadow")));
        String svg = LineageSvg.render(graph);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        var groups = document.getElementsByTagName("g");
        assertThat(groups.getLength()).isEqualTo(graph.nodes().size());
        assertThat(svg.split("<path class=\"edge", -1).length - 1).isEqualTo(graph.edges().size());

        assertThat(graph.nodes().keySet()).contains("deployment/credit-risk:default", "deployment/credit-risk:shadow",
                "model_version/" + v1.id(), "model_version/" + v3.id());
        String liveDefault = svg.substring(svg.indexOf("credit-risk:default</text>") - 700,
                svg.indexOf("credit-risk:default</text>"));
        assertThat(liveDefault.substring(liveDefault.lastIndexOf("<rect"))).contains("stroke=\"#2a8a3e\"");
    }

    @Test
    void labelsCannotInjectMarkupIntoThePage() throws Exception {
        String hostile = "credit-model:v9 {note=</text><script>alert(1)</script>}";
        LineageGraph graph = new LineageGraph("model_version/x", LineageGraph.Direction.UPSTREAM,
                Map.of("model_version/x", new LineageGraph.Node("model_version/x", Kind.MODEL_VERSION,
                        "x<script>", hostile, Map.of())), List.of());
        String svg = LineageSvg.render(graph);
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;");
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** What serves now, a canary beside it and what served once are drawn apart, and said on the edge itself. */
    @Test
    void liveCanaryAndPastDeploymentsAreDrawnApart() {
        Map<String, LineageGraph.Node> nodes = new LinkedHashMap<>();
        for (String[] n : new String[][] {{"MODEL_VERSION", "m:v1"}, {"MODEL_VERSION", "m:v2"},
                {"MODEL_VERSION", "m:v3"}, {"DEPLOYMENT", "p:default"}}) {
            Kind kind = Kind.valueOf(n[0]);
            nodes.put(LineageGraph.nodeId(kind, n[1]), new LineageGraph.Node(LineageGraph.nodeId(kind, n[1]), kind,
                    n[1], n[1], Map.of()));
        }
        LineageGraph graph = new LineageGraph("deployment/p:default", LineageGraph.Direction.UPSTREAM, nodes,
                List.of(new LineageGraph.Edge("model_version/m:v1", "deployment/p:default", "was deployed to"),
                        new LineageGraph.Edge("model_version/m:v2", "deployment/p:default", "serving 90% on"),
                        new LineageGraph.Edge("model_version/m:v3", "deployment/p:default", "canary 10% on")));
        String svg = LineageSvg.render(graph);
        Map<String, String> drawn = new TreeMap<>();
        Matcher path = Pattern.compile("<path class=\"edge ?([a-z]*)\"[^>]*stroke=\"(#[0-9a-f]+)\"[^>]*"
                + "><title>([^<]*)</title>").matcher(svg);
        while (path.find()) {
            drawn.put(path.group(3), path.group(1) + " " + path.group(2));
        }
        assertThat(drawn).containsOnly(Map.entry("was deployed to", "past #aab"),
                Map.entry("serving 90% on", "serving #2a8a3e"), Map.entry("canary 10% on", "candidate #c98a00"));
        assertThat(svg).contains(">canary 10%</text>").contains(">serving 90%</text>")
                .doesNotContain(">was deployed</text>");
    }

    @Test
    void eachRecordIsDrawnBesideWhatItCameFrom() {
        Map<String, LineageGraph.Node> nodes = new LinkedHashMap<>();
        for (String[] n : new String[][] {{"COMMIT", "aaa"}, {"COMMIT", "bbb"}, {"BUILD_VERSION", "p:from-bbb"},
                {"BUILD_VERSION", "p:from-aaa"}}) {
            Kind kind = Kind.valueOf(n[0]);
            nodes.put(LineageGraph.nodeId(kind, n[1]), new LineageGraph.Node(LineageGraph.nodeId(kind, n[1]), kind,
                    n[1], n[1], Map.of()));
        }
        LineageGraph graph = new LineageGraph("commit/aaa", LineageGraph.Direction.DOWNSTREAM, nodes, List.of(
                new LineageGraph.Edge("commit/aaa", "build_version/p:from-aaa", "built"),
                new LineageGraph.Edge("commit/bbb", "build_version/p:from-bbb", "built")));
        String svg = LineageSvg.render(graph);
        assertThat(rowOf(svg, "p:from-aaa")).isEqualTo(rowOf(svg, "aaa"));
        assertThat(rowOf(svg, "p:from-bbb")).isEqualTo(rowOf(svg, "bbb")).isNotEqualTo(rowOf(svg, "aaa"));
    }

    /** The y of the rectangle drawn for the node whose key is {@code key}. */
    private static String rowOf(String svg, String key) {
        String group = svg.substring(svg.lastIndexOf("<g ", svg.indexOf(">" + key + "</text>")));
        return group.substring(group.indexOf(" y=\"") + 4, group.indexOf('"', group.indexOf(" y=\"") + 4));
    }
}
