package io.jenkins.plugins.roro;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** nhaTrain survives a controller restart: the training runs on, and the step picks it up again. */
class NhaTrainRestartTest {
    static {
        System.setProperty(NhaTrainStep.class.getName() + ".pollSeconds", "1");
    }

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    static Path dir;

    @Test
    void trainingContinuesAcrossARestart() throws Throwable {
        sessions.then(r -> {
            FakeRoro.install(dir);
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "p");
            p.setDefinition(new CpsFlowDefinition("node { " + FakeRoro.env(dir)
                    + " { def t = nhaTrain task: 'retrain'; echo \"T=${t.training} V=${t.version}\" } }", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("runs detached", b);
        });
        Files.createFile(dir.resolve("done"));
        sessions.then(r -> {
            WorkflowRun b = r.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("T=credit-risk:retrain-1 V=credit-model:v3", b);
        });
    }
}
