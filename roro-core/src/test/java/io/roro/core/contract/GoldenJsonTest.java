package io.roro.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.roro.core.spec.ModelSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON of every record a client of {@code roro --json} reads (the Jenkins plugin, scripts), pinned: a renamed,
 * retyped or dropped field changes what an older plugin or a user's script reads, so it fails here first, naming
 * the record. Each golden file is also read back as the record, so a reader of this roro's JSON gets it whole.
 * After a deliberate change of the contract, write the files anew with {@code -Droro.golden.write=true} and
 * review their diff.
 */
class GoldenJsonTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final Origin JENKINS = new Origin("jenkins", Optional.of("credit-risk/main"), Optional.of(42),
            Optional.of("https://ci.example.com/job/credit-risk/job/main/42/"), "alice", "agent-3", Optional.empty());
    private static final Origin SHELL = new Origin("cli", Optional.empty(), Optional.empty(), Optional.empty(), "bob",
            "laptop", Optional.of("roro train retrain --param lr=0.1"));

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("DeployResult", deploy()),
                Arguments.of("ModelVersion", version()),
                Arguments.of("DeploymentEvent", event()),
                Arguments.of("TrainingHandle", new TrainingHandle("credit-risk:retrain-7", "roro-train-x",
                        Optional.of(Path.of("/var/lib/roro/work/credit-risk/retrain-7")), "gpu", Optional.of("8Gi"),
                        Optional.of("credit-model"), Optional.of("credit-model:credit-data:v1"), Optional.empty(),
                        true, "alice")),
                Arguments.of("TrainingStatus", TrainingStatus.of(training(TrainingState.FAILED), Optional.empty(),
                        Optional.of("credit-model requires model.pkl; the training wrote none"))),
                Arguments.of("TrainOutcome", new TrainOutcome(training(TrainingState.FINISHED),
                        Optional.of(version()), Optional.empty(), Optional.of(event()))),
                Arguments.of("VersionInfo", new VersionInfo("0.9.0", "17.0.13")),
                Arguments.of("LineageGraph", graph()),
                Arguments.of("Deployment", new Deployment("credit-risk", "default", Optional.of("credit-model:v7"),
                        Optional.of("credit-risk:b7"), 2, "small", "docker", Optional.of("http://127.0.0.1:8080/"),
                        DeploymentState.RUNNING, 4, AT, AT, JENKINS, Optional.of(new Candidate(Candidate.Mode.CANARY,
                        Optional.of("credit-model:v8"), Optional.empty(), 10, Optional.empty())))),
                Arguments.of("Dataset", new Dataset("credit-model", "credit-data", "v3",
                        List.of(new StoredFile("loans.csv", 52311, "b".repeat(64), "d3")), Map.of("rows", 5000), false,
                        AT, SHELL)),
                Arguments.of("ModelRecord", new ModelRecord("credit-model", Optional.of("credit-risk"),
                        "Default risk of a loan application", List.of(new ModelSpec.ModelFile("model.pkl", true, 500),
                        new ModelSpec.ModelFile("report.html", false, 0)), false, AT, JENKINS)),
                Arguments.of("ModelAlias", new ModelAlias("credit-model", "champion", Optional.of("v8"), List.of(
                        new ModelAlias.Move(Optional.of("v7"), AT, SHELL), new ModelAlias.Move(Optional.of("v8"), AT,
                        JENKINS)))),
                Arguments.of("VersionNotes", new VersionNotes("credit-model:v8", Map.of("reviewed", "yes"),
                        Optional.of("Passed the fairness review"), Optional.of(AT), Optional.of(SHELL))),
                Arguments.of("Quarantine", new Quarantine("dataset/credit-model:credit-data:v2", "export was corrupt",
                        AT, SHELL, Optional.of(AT))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void theRecordIsWrittenAsItsGoldenFileAndReadBackWhole(String name, Object record) throws IOException {
        String written = CommandJson.write(record).replace("\r\n", "\n") + "\n";
        if (Boolean.getBoolean("roro.golden.write")) {
            Files.writeString(Path.of("src/test/resources/io/roro/core/contract/golden", name + ".json"), written);
        }
        String golden = golden(name);
        assertEquals(golden, written, name + "'s JSON is not its golden file: a client reads the old shape");
        assertEquals(record, CommandJson.read(golden, record.getClass()), name + " does not read back whole");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("golden/" + name + ".json")) {
            if (in == null) {
                throw new IOException("no golden file for " + name + " (write it with -Droro.golden.write=true)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static BuildVersion build() {
        return new BuildVersion("credit-risk", "b7", "roro/credit-risk:b7", "sha256:abc", Optional.of(new GitInfo(
                "0123456789abcdef0123456789abcdef01234567", Optional.of("main"),
                Optional.of("https://git.example.com/credit-risk.git"), true)), "git", AT, JENKINS);
    }

    private static DeployResult deploy() {
        return new DeployResult("credit-risk", 3, build(), List.of(
                new DeployResult.ServiceOutcome("default", Optional.of("http://127.0.0.1:8080/"),
                        Optional.of("credit-model:v8"), Optional.empty(), Optional.empty(),
                        Optional.of(new Candidate(Candidate.Mode.SHADOW, Optional.of("credit-model:v9"),
                                Optional.empty(), 0, Optional.empty()))),
                new DeployResult.ServiceOutcome("batch", Optional.empty(), Optional.empty(),
                        Optional.of("failed its health check"), Optional.of("retrain"))),
                List.of(new DeployResult.ScheduledTask("retrain", "roro-retrain/credit-risk/retrain",
                        "TZ=Europe/Berlin\n0 10 * * *", List.of("2026-12-02T09:00:00Z"), "default",
                        "metrics.auc >= live")));
    }

    private static ModelVersion version() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auc", 0.91);
        metrics.put("rows", 5000);
        metrics.put("note", null);
        return new ModelVersion("credit-model", "v8", Optional.of("credit-risk:retrain-7"),
                Optional.of("credit-model:credit-data:v1"), Optional.of("credit-risk:b7"), Optional.of("base:v2"),
                List.of(new StoredFile("model.pkl", 123456789012L, "a".repeat(64), "f1")), metrics,
                Map.of("reviewed_by", "alice"), Map.of("training", Map.of("task", "retrain")), VersionState.PUBLISHED,
                AT, JENKINS);
    }

    private static TrainingRun training(TrainingState state) {
        return new TrainingRun("credit-risk", "retrain-7", "retrain", Optional.of("credit-risk:b7"),
                Optional.of("python train.py"), Optional.empty(), Map.of("lr", 0.1), "small",
                Optional.of("credit-model"), Optional.of("credit-model:credit-data:v1"), state, 0.5,
                Map.of("auc", 0.9), Optional.of("exit code 3"), AT, Optional.of(AT), AT, Optional.of(AT),
                List.of("credit-model:v8"), SHELL);
    }

    private static DeploymentEvent event() {
        return new DeploymentEvent("credit-risk", "default", 4, DeploymentEventType.CANARY_STARTED,
                DeploymentState.RUNNING, Optional.of("credit-model:v7"), Optional.of("credit-risk:b7"), 2,
                Optional.of("http://127.0.0.1:8080/"), Optional.of("canary 10% credit-model:v8"), AT, JENKINS,
                Optional.of(new Candidate(Candidate.Mode.CANARY, Optional.of("credit-model:v8"),
                        Optional.of("credit-risk:b8"), 10, Optional.of(Duration.ofMinutes(10)))));
    }

    private static LineageGraph graph() {
        String version = LineageGraph.nodeId(LineageGraph.Kind.MODEL_VERSION, "credit-model:v8");
        String data = LineageGraph.nodeId(LineageGraph.Kind.DATASET, "credit-model:credit-data:v1");
        Map<String, LineageGraph.Node> nodes = new LinkedHashMap<>();
        nodes.put(version, new LineageGraph.Node(version, LineageGraph.Kind.MODEL_VERSION, "credit-model:v8",
                "model version credit-model:v8", Map.of("auc", 0.91)));
        nodes.put(data, new LineageGraph.Node(data, LineageGraph.Kind.DATASET, "credit-model:credit-data:v1",
                "dataset credit-model:credit-data:v1", Map.of()));
        return new LineageGraph(version, LineageGraph.Direction.UPSTREAM, nodes,
                List.of(new LineageGraph.Edge(data, version, "trained on")));
    }
}
