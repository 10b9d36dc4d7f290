package io.roro.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roro.core.train.TrainResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What roro prints with --json is read back by the plugin as the very record it printed. */
class CommandJsonTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123Z");
    private static final Origin JENKINS = Origin.jenkins("credit-risk/main", 42, "https://ci/job/42/", "alice");

    private static <T> T roundTrip(T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        return CommandJson.read(CommandJson.write(value), type);
    }

    static BuildVersion build() {
        return new BuildVersion("credit-risk", "b7", "roro/credit-risk:b7", "sha256:abc", Optional.of(new GitInfo(
                "0123456789abcdef0123456789abcdef01234567", Optional.of("main"), Optional.empty(), true)), "git",
                AT, JENKINS);
    }

    static ModelVersion version() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auc", 0.91);
        metrics.put("rows", 5000);
        metrics.put("note", null);
        return new ModelVersion("credit-model", "v8", Optional.of("credit-risk:retrain-7"),
                Optional.of("credit-model:credit-data:v1"), Optional.of("credit-risk:b7"), Optional.empty(),
                List.of(new StoredFile("model.pkl", 123456789012L, "a".repeat(64), "f1")), metrics,
                Map.of("reviewed_by", "alice", "tags", List.of("a", "b")), Map.of(), VersionState.PUBLISHED, AT,
                JENKINS);
    }

    static TrainingRun training(TrainingState state) {
        return new TrainingRun("credit-risk", "retrain-7", "retrain", Optional.of("credit-risk:b7"),
                Optional.of("python train.py"), Optional.empty(), Map.of("n_estimators", 200, "lr", 0.1), "small",
                Optional.of("credit-model"), Optional.of("credit-model:credit-data:v1"), state, 0.5,
                Map.of("auc", 0.9), Optional.of("exit code 3"), AT, Optional.of(AT), AT, Optional.empty(),
                List.of("credit-model:v8"), Origin.of("cli", "bob"));
    }

    static DeploymentEvent event() {
        return new DeploymentEvent("credit-risk", "default", 4, DeploymentEventType.ROLLED_BACK,
                DeploymentState.RUNNING, Optional.of("credit-model:v7"), Optional.of("credit-risk:b7"), 2,
                Optional.of("http://127.0.0.1:8080/"), Optional.of("rolled back from v8 to v7"), AT, JENKINS,
                Optional.of(new Candidate(Candidate.Mode.CANARY,
                        Optional.of("credit-model:v8"), Optional.of("credit-risk:b8"), 10, Optional.of(Duration.ofMinutes(10)))));
    }

    @Test
    void everyAnswerTheStepsReadComesBackAsTheSameRecord() {
        DeployResult deploy = new DeployResult("credit-risk", 3, build(), List.of(
                new DeployResult.ServiceOutcome("default", Optional.of("http://127.0.0.1:8080/"),
                        Optional.of("credit-model:v8"), Optional.empty()),
                new DeployResult.ServiceOutcome("shadow", Optional.empty(), Optional.empty(),
                        Optional.of("failed its health check"))),
                List.of(new DeployResult.ScheduledTask("retrain", "roro-retrain/credit-risk/retrain",
                        "TZ=Europe/Berlin\n0 10 * * *", List.of("2026-12-02T09:00:00Z"), "default",
                        "metrics.auc >= live")));
        assertEquals(deploy, roundTrip(deploy));
        ModelVersion version = version();
        assertEquals(version, roundTrip(version));
        DeploymentEvent event = event();
        assertEquals(event, roundTrip(event));
        TrainingHandle handle = new TrainingHandle("credit-risk:retrain-7", "roro-train-x", Optional.of(Path.of(
                "/tmp/work dir")), "gpu", Optional.of("8Gi"), Optional.of("credit-model"), Optional.empty(),
                Optional.empty(), true, "alice");
        assertEquals(handle, roundTrip(handle));
        TrainingStatus status = TrainResult.status(training(TrainingState.FAILED), Optional.empty());
        assertEquals(status, roundTrip(status));
        assertEquals(Optional.of("credit-model:v8"), status.modelVersion()); // from the run's versions
        TrainOutcome outcome = new TrainOutcome(training(TrainingState.FINISHED), Optional.of(version),
                Optional.empty(), Optional.of(event));
        assertEquals(outcome, roundTrip(outcome));
        assertEquals(VersionInfo.current(), roundTrip(VersionInfo.current()));
        LineageGraph graph = new LineageGraph("model_version/credit-model:v8",
                LineageGraph.Direction.UPSTREAM, Map.of("model_version/credit-model:v8",
                        new LineageGraph.Node("model_version/credit-model:v8",
                                LineageGraph.Kind.values()[0], "credit-model:v8", "v8",
                                Map.of("auc", 0.91))), List.of(new LineageGraph.Edge(
                                        "dataset/credit-model:data", "model_version/credit-model:v8", "trained on")));
        assertEquals(graph, roundTrip(graph));
    }

    @Test
    void aStatusNamesWhatThisCheckPublished() {
        TrainResult checked = new TrainResult(training(TrainingState.FINISHED), Optional.of(version()),
                Optional.of("v8 exists"));
        TrainingStatus status = roundTrip(TrainResult.status(training(TrainingState.FINISHED), Optional.of(checked)));
        assertEquals(Optional.of("credit-model:v8"), status.modelVersion());
        assertEquals(Optional.of("v8 exists"), status.publishError());
        assertEquals(TrainingState.FINISHED, status.state());
    }

    @Test
    void serveAndRollbackAnswerAnEventOrUnchanged() {
        assertEquals(Optional.empty(), CommandJson.readEvent(CommandJson.write(CommandJson.unchanged())));
        assertEquals(Optional.of(event()), CommandJson.readEvent(CommandJson.write(event())));
    }

    @Test
    void anAnswerOfAnotherShapeIsAnErrorNamingTheRecord() {
        CommandJsonException e = assertThrows(CommandJsonException.class,
                () -> CommandJson.read("{\"state\": \"SLEEPING\"}", TrainingStatus.class));
        assertTrue(e.getMessage().startsWith("roro's answer is not a TrainingStatus: "), e.getMessage());
        assertTrue(e.getMessage().contains("SLEEPING"), e.getMessage());
        e = assertThrows(CommandJsonException.class, () -> CommandJson.read("{\"message\": \"no\"}",
                DeployResult.class));
        assertTrue(e.getMessage().contains("DeployResult") && e.getMessage().contains("project"), e.getMessage());
        e = assertThrows(CommandJsonException.class, () -> CommandJson.read("", ModelVersion.class));
        assertTrue(e.getMessage().contains("ModelVersion"), e.getMessage());
        // a field added by a later roro does not break an earlier reader
        VersionInfo read = CommandJson.read("{\"version\": \"1.0\", \"java\": \"17\", \"os\": \"linux\"}",
                VersionInfo.class);
        assertEquals(new VersionInfo("1.0", "17"), read);
    }
}
