package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import hudson.triggers.TimerTrigger;
import io.roro.core.RoroVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.structs.describable.DescribableParameter;
import org.jenkinsci.plugins.structs.describable.ErrorType;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class StepsTest {
    static {
        System.setProperty(NhaTrainStep.class.getName() + ".pollSeconds", "1");
    }

    @TempDir
    Path dir;

    private WorkflowJob pipeline(JenkinsRule r, String body) throws Exception {
        FakeRoro.install(dir);
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node { " + FakeRoro.env(dir) + " { " + body + " } }", true));
        return p;
    }

    @Test
    void onAnAgentTheEmbeddedStoreIsRefusedNamingTheSetting(JenkinsRule r) throws Exception {
        FakeRoro.install(dir);
        r.waitOnline(r.createSlave("gpu-agent", "gpu-agent", null));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "on-agent");
        p.setDefinition(new CpsFlowDefinition("node('gpu-agent') { " + FakeRoro.env(dir)
                + " { roroLineage of: 'credit-model:v1' } }", true));
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("only steps on the built-in node can reach", b);
        r.assertLogContains("mongoUri", b);
    }

    @Test
    void anAgentsRoroOfAnotherVersionIsAClearErrorNamingBoth(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "withEnv(['FAKE_RORO_VERSION=9.9.0']) { roroLineage of: 'credit-model:v1' }");
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("the roro plugin is " + RoroVersion.get(), b);
        r.assertLogContains("is roro 9.9.0", b);
    }

    @Test
    void roroDeployReturnsTheDeployAndCreatesTheRetrainJob(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "def d = roroDeploy(); echo \"live at ${d.services.default}, jobs ${d.jobs}\"");
        WorkflowRun b = r.buildAndAssertSuccess(p);
        r.assertLogContains("live at http://127.0.0.1:8080/, jobs [roro-retrain/credit-risk/retrain]", b);
        WorkflowJob retrain = r.jenkins.getItemByFullName("roro-retrain/credit-risk/retrain", WorkflowJob.class);
        assertNotNull(retrain);
        TimerTrigger trigger = retrain.getTriggersJobProperty().getTriggers().stream()
                .filter(TimerTrigger.class::isInstance).map(TimerTrigger.class::cast).findFirst().orElseThrow();
        assertEquals("TZ=Europe/Berlin\n0 10 * * *", trigger.getSpec());
        String script = ((CpsFlowDefinition) retrain.getDefinition()).getScript();
        assertTrue(script.contains("nhaTrain task: 'retrain'"), script);
        assertTrue(script.contains("serveModel service: 'default'"), script);
        assertTrue(((CpsFlowDefinition) retrain.getDefinition()).isSandbox());
        RoroBuildAction action = b.getAction(RoroBuildAction.class);
        assertNotNull(action);
        assertTrue(action.getReferences().contains("deployment/credit-risk:default"), action.getReferences()::toString);
        // the Lineage page renders; the fake roro wrote nothing to the controller's lineage, which it says
        String page = r.createWebClient().goTo(b.getUrl() + "roro-lineage/").getWebResponse().getContentAsString();
        assertTrue(page.contains("deployed version"), page);
        assertTrue(page.contains("Not in lineage any more"), page);
    }

    @Test
    void snippetParamLinesBecomeParams(JenkinsRule r) throws Exception {
        NhaTrainStep step = new NhaTrainStep("retrain");
        step.setParamLines("n_estimators=80\n# a comment\nlearning_rate = 0.05\nsolver=adam\n");
        // typed as `roro train --param` types them
        assertEquals(List.of("n_estimators=80", "learning_rate=0.05", "solver=adam"), step.getParams());
        String snippet = Snippetizer.object2Groovy(step);
        assertTrue(snippet.contains("params: ['n_estimators=80', 'learning_rate=0.05', 'solver=adam']"), snippet);
        assertTrue(!snippet.contains("paramLines"), snippet);
    }

    @Test
    void paramsAndDetailsAreDescribedInTheStepsReference(JenkinsRule r) throws Exception {
        // a Map<String, Object> was an ErrorType for structs: the generated reference showed an error instead
        for (Class<?> type : List.of(NhaTrainStep.class, PublishModelVersionStep.class)) {
            DescribableModel<?> model =
                    new DescribableModel<>(type);
            for (DescribableParameter p : model.getParameters()) {
                assertTrue(!(p.getType() instanceof ErrorType),
                        type.getSimpleName() + "." + p.getName() + ": " + p.getType());
            }
        }
    }

    @Test
    void aMalformedParamFailsTheStepNamingIt(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "nhaTrain task: 'retrain', params: ['n_estimators']");
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("'n_estimators' is not a parameter; write NAME=VALUE", b);
        assertTrue(!Files.exists(dir.resolve("calls")) || !Files.readString(dir.resolve("calls")).contains("train"));
    }

    @Test
    void nhaTrainFollowsTheTrainingToItsEnd(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "def t = nhaTrain task: 'retrain', params: ['n_estimators=5']; echo \"T=${t.training} V=${t.version}\"");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("runs detached", b);
        Files.createFile(dir.resolve("done"));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        r.assertLogContains("T=credit-risk:retrain-1 V=credit-model:v3", b);
        assertTrue(Files.readString(dir.resolve("calls")).contains("train retrain --detach --no-serve -C . --param n_estimators=5"));
    }

    /** A safe restart waits while `roro train --detach` runs: its id is not saved yet, and would be lost. */
    @Test
    void aRestartWaitsWhileTheTrainingStartsNotWhileItIsFollowed(JenkinsRule r) throws Exception {
        Files.createFile(dir.resolve("hold-start"));
        WorkflowJob p = pipeline(r, "nhaTrain task: 'retrain'");
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        while (!Files.exists(dir.resolve("calls")) || !Files.readString(dir.resolve("calls")).contains("train retrain")) {
            Thread.sleep(100);
        }
        assertTrue(b.getExecution().blocksRestart(), "starting: a restart now would lose the training");
        Files.delete(dir.resolve("hold-start"));
        r.waitForMessage("runs detached", b);
        Thread.sleep(500);
        assertTrue(!b.getExecution().blocksRestart(), "following: the step resumes after a restart");
        Files.createFile(dir.resolve("done"));
        r.assertBuildStatusSuccess(r.waitForCompletion(b));
    }

    @Test
    void aFailedTrainingFailsTheStepWithItsReason(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "nhaTrain task: 'retrain'");
        Files.createFile(dir.resolve("fail"));
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("training credit-risk:retrain-1 FAILED: exit code 3: bad row 17", b);
    }

    @Test
    void roroRunPassesTheCommandAfterRorosOwnOptionsAndReturnsTheRun(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "def ran = roroRun(command: ['python3', 'check.py'], dataset: 'credit-data')\n"
                + "echo \"ran ${ran.training}\"");
        r.assertLogContains("ran credit-risk:run-1", r.buildAndAssertSuccess(p));
        assertTrue(Files.readString(dir.resolve("calls")).contains(
                "run -C . --dataset credit-data --json -- python3 check.py"), "--json before the command's --");
    }

    @Test
    void serveModelWaitsForTheCanarysVerdictAndFailsTheBuildWhenItWasTakenAway(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "echo \"at ${serveModel(service: 'default', canary: 10, promoteAfter: '4s')}\"");
        WorkflowRun promoted = r.buildAndAssertSuccess(p);
        r.assertLogContains("at http://127.0.0.1:8080/", promoted);
        String calls = Files.readString(dir.resolve("calls"));
        assertTrue(calls.contains("serve default --version latest -C . --canary 10 --promote-after 4s --detach --json"),
                calls);
        assertTrue(calls.contains("promote default --judge -C . --promote-after 4s --json"), calls);

        Files.createFile(dir.resolve("abort"));
        WorkflowRun aborted = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("the canary was taken away: error rate 30.0%", aborted);
        r.assertLogContains("the canary of default was not promoted", aborted);
    }

    @Test
    void serveModelReturnsTheEndpoint(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "echo \"at ${serveModel(service: 'default', version: 'credit-model:v3')}\"");
        r.assertLogContains("at http://127.0.0.1:8080/", r.buildAndAssertSuccess(p));
    }
}
