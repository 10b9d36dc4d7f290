package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import hudson.model.Result;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVStore;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * nhaTrain follows a training in lineage on the controller: a training that records its own end (a Kubernetes Job)
 * ends the step without the agent being asked, as when the agent pod that started it is gone.
 */
@WithJenkins
class NhaTrainLineageTest {
    @TempDir
    Path dir;
    private MongoServer mongo;

    @AfterEach
    void stopMongo() {
        ControllerLineage.reset();
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Test
    void aTrainingThatRecordsItsEndInLineageEndsTheStepWithoutTheAgent(JenkinsRule r) throws Exception {
        System.setProperty(NhaTrainStep.class.getName() + ".pollSeconds", "1");
        System.setProperty(NhaTrainStep.class.getName() + ".agentPollSeconds", "3600"); // never, in this test
        mongo = new MongoServer(new H2Backend(MVStore.open(null)));
        RoroConfiguration.get().setMongoUri(mongo.bindAndGetConnectionString() + "/roro");
        Instant now = Instant.now();
        try (Lineage lineage = Lineage.open(RoroConfiguration.get().lineageConfig())) {
            lineage.trainings().createTraining(new TrainingRun("credit-risk", "retrain-1", "retrain",
                    Optional.empty(), Optional.of("python train.py"), Optional.empty(), Map.of(), "gpu",
                    Optional.of("credit-model"), Optional.empty(), TrainingState.RUNNING, 0.1, Map.of(),
                    Optional.empty(), now, Optional.of(now), now, Optional.empty(), List.of(),
                    Origin.of("jenkins", "alice")));
        }
        FakeRoro.install(dir);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node { " + FakeRoro.env(dir) + " { nhaTrain task: 'retrain' } }",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("runs detached", b);
        Thread.sleep(3000); // a few polls: lineage says RUNNING, the agent is not asked
        try (Lineage lineage = Lineage.open(RoroConfiguration.get().lineageConfig())) {
            lineage.trainings().failTraining("credit-risk:retrain-1", "exit code 3: recorded by the Job");
        }
        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(b));
        r.assertLogContains("training credit-risk:retrain-1 FAILED: exit code 3: recorded by the Job", b);
        List<String> calls = Files.readAllLines(dir.resolve("calls"));
        assertEquals(0, calls.stream().filter(c -> c.startsWith("train status")).count(), calls::toString);
    }
}
