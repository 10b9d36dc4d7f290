package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.TaskListener;
import hudson.triggers.TimerTrigger;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RetrainJobsTest {
    private static JsonNode json(String text) throws Exception {
        return RoroCli.mapper().readTree(text);
    }

    private static String spec(WorkflowJob job) {
        return job.getTriggersJobProperty().getTriggers().stream().filter(TimerTrigger.class::isInstance)
                .map(t -> ((TimerTrigger) t).getSpec()).findFirst().orElse("none");
    }

    @Test
    void createUpdateAndDisable(JenkinsRule r) throws Exception {
        JsonNode git = json("{\"remote\": \"https://git.example.com/credit.git\", \"branch\": \"main\"}");
        RetrainJobs.sync("credit-risk", json("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 3 * * *\"},"
                + " {\"task\": \"nightly\", \"jenkinsSpec\": \"@daily\"}]"), git, TaskListener.NULL);
        WorkflowJob retrain = r.jenkins.getItemByFullName("credit-risk/retrain", WorkflowJob.class);
        assertEquals("H 3 * * *", spec(retrain));

        RetrainJobs.sync("credit-risk", json("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 5 * * 1-5\"}]"), git,
                TaskListener.NULL);
        assertEquals("H 5 * * 1-5", spec(r.jenkins.getItemByFullName("credit-risk/retrain", WorkflowJob.class)));
        WorkflowJob nightly = r.jenkins.getItemByFullName("credit-risk/nightly", WorkflowJob.class);
        assertTrue(nightly.isDisabled(), "a task without a schedule keeps its job, disabled");
        assertEquals("none", spec(nightly));

        RetrainJobs.sync("credit-risk", json("[{\"task\": \"nightly\", \"jenkinsSpec\": \"@daily\"}]"), git,
                TaskListener.NULL);
        assertFalse(r.jenkins.getItemByFullName("credit-risk/nightly", WorkflowJob.class).isDisabled());
    }

    @Test
    void theProjectFolderHasAModelsPage(JenkinsRule r) throws Exception {
        RetrainJobs.sync("credit-risk", json("[]"), json("{}"), TaskListener.NULL);
        com.cloudbees.hudson.plugins.folder.Folder folder = r.jenkins.getItemByFullName("credit-risk",
                com.cloudbees.hudson.plugins.folder.Folder.class);
        ProjectModelsAction action = folder.getAction(ProjectModelsAction.class);
        assertTrue(action != null, "the Models page is on the project's folder");
        ProjectModelsAction.View view = action.getView(); // the embedded store under JENKINS_HOME/roro
        assertEquals(null, view.getError());
        assertTrue(view.getVersions().isEmpty());
        r.createWebClient().goTo("credit-risk/roro-models/");
    }

    @Test
    void jobsNotMadeByRoroAreLeftAlone(JenkinsRule r) throws Exception {
        RetrainJobs.sync("credit-risk", json("[]"), json("{}"), TaskListener.NULL);
        com.cloudbees.hudson.plugins.folder.Folder folder = r.jenkins.getItemByFullName("credit-risk",
                com.cloudbees.hudson.plugins.folder.Folder.class);
        WorkflowJob mine = folder.createProject(WorkflowJob.class, "handmade");
        RetrainJobs.sync("credit-risk", json("[]"), json("{}"), TaskListener.NULL);
        assertFalse(mine.isDisabled());
    }
}
