package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.model.User;
import hudson.security.ACL;
import hudson.triggers.TimerTrigger;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.DeployResult;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.ProjectRegistration;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class RetrainJobsTest {
    private static final Optional<GitInfo> NO_GIT = Optional.empty();

    /** Schedules as roroDeploy reads them from `roro deploy --json` (the contract's mapper and record). */
    private static List<DeployResult.ScheduledTask> json(String text) {
        try {
            // the tests name only what the sync reads
            return CommandJson.mapper().disable(
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                    .readValue(text, new TypeReference<List<DeployResult.ScheduledTask>>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String spec(WorkflowJob job) {
        return job.getTriggersJobProperty().getTriggers().stream().filter(TimerTrigger.class::isInstance)
                .map(t -> ((TimerTrigger) t).getSpec()).findFirst().orElse("none");
    }

    private static RetrainJobs.Outcome sync(String schedules) throws Exception {
        return RetrainJobs.sync("credit-risk", json(schedules), NO_GIT, ACL.SYSTEM2, TaskListener.NULL);
    }

    @Test
    void createUpdateAndDisable(JenkinsRule r) throws Exception {
        Optional<GitInfo> git = Optional.of(new GitInfo("0123456789abcdef0123456789abcdef01234567",
                Optional.of("main"), Optional.of("https://git.example.com/credit.git"), false));
        RetrainJobs.sync("credit-risk", json("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 3 * * *\"},"
                + " {\"task\": \"nightly\", \"jenkinsSpec\": \"@daily\"}]"), git, ACL.SYSTEM2, TaskListener.NULL);
        WorkflowJob retrain = r.jenkins.getItemByFullName("roro-retrain/credit-risk/retrain", WorkflowJob.class);
        assertEquals("H 3 * * *", spec(retrain));

        RetrainJobs.sync("credit-risk", json("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 5 * * 1-5\"}]"), git,
                ACL.SYSTEM2, TaskListener.NULL);
        assertEquals("H 5 * * 1-5", spec(r.jenkins.getItemByFullName("roro-retrain/credit-risk/retrain",
                WorkflowJob.class)));
        WorkflowJob nightly = r.jenkins.getItemByFullName("roro-retrain/credit-risk/nightly", WorkflowJob.class);
        assertTrue(nightly.isDisabled(), "a task without a schedule keeps its job, disabled");
        assertEquals("none", spec(nightly));

        sync("[{\"task\": \"nightly\", \"jenkinsSpec\": \"@daily\"}]");
        assertFalse(r.jenkins.getItemByFullName("roro-retrain/credit-risk/nightly", WorkflowJob.class).isDisabled());
    }

    @Test
    void theProjectsOwnJobOfTheSameNameDoesNotStopTheSync(JenkinsRule r) throws Exception {
        // as the shipped JCasC makes it: the project's (multibranch) job at the root, under the project's name
        WorkflowJob own = r.jenkins.createProject(WorkflowJob.class, "credit-risk");
        RetrainJobs.Outcome outcome = sync("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 3 * * *\"}]");
        assertTrue(outcome.problems().isEmpty(), outcome.problems().toString());
        assertEquals("[roro-retrain/credit-risk/retrain]", outcome.jobs().toString());
        assertNull(own.getDescription());
    }

    @Test
    void theProjectFolderHasAModelsPage(JenkinsRule r) throws Exception {
        sync("[]");
        Folder folder = r.jenkins.getItemByFullName("roro-retrain/credit-risk", Folder.class);
        ProjectModelsAction action = folder.getAction(ProjectModelsAction.class);
        assertTrue(action != null, "the Models page is on the project's folder");
        ProjectModelsAction.View view = action.getView(); // the embedded store under JENKINS_HOME/roro
        assertEquals(null, view.getError());
        assertTrue(view.getVersions().isEmpty());
        r.createWebClient().goTo("job/roro-retrain/job/credit-risk/roro-models/");
    }

    @Test
    void theModelsPageAndItsSubpagesAreRorosUiPagesWithLinksUnderTheFolder(JenkinsRule r) throws Exception {
        sync("[]");
        var lineage = ControllerLineage.get();
        var origin = Origin.of("test", "alice");
        ProjectRegistration.register(ProjectSpecReader.parse(
                "project: credit-risk\nmodels:\n  - name: credit-model\n", "roro.yml"), Optional.empty(), lineage,
                origin);
        Path out = Files.createTempDirectory("roro-model");
        Files.writeString(out.resolve("model.pkl"), "weights <script>");
        String version = ModelPublisher.of(lineage).publish(
                PublishRequest.of("credit-model", out, origin)).id();
        var web = r.createWebClient();
        String root = "job/roro-retrain/job/credit-risk/roro-models/";
        String project = web.goTo(root).getWebResponse().getContentAsString();
        assertTrue(project.contains("Scheduled tasks"), project);
        assertTrue(project.contains("href=\"models/credit-model\""), project);
        String model = web.goTo(root + "models/credit-model").getWebResponse().getContentAsString();
        assertTrue(model.contains("href=\"/jenkins/" + root + "versions/" + version + "\""), model);
        String page = web.goTo(root + "versions/" + version).getWebResponse().getContentAsString();
        assertTrue(page.contains("model.pkl"), page);
        assertFalse(page.contains("<script>"), "the file's content is not shown, and nothing unescaped");
        String graph = web.goTo(root + "lineage?of=" + version).getWebResponse().getContentAsString();
        assertTrue(graph.contains("<svg"), graph);
    }

    @Test
    void jobsNotMadeByRoroAreLeftAloneEvenUnderATaskName(JenkinsRule r) throws Exception {
        sync("[]");
        Folder folder = r.jenkins.getItemByFullName("roro-retrain/credit-risk", Folder.class);
        WorkflowJob handmade = folder.createProject(WorkflowJob.class, "retrain");
        handmade.setDefinition(new CpsFlowDefinition("echo 'mine'", true));
        RetrainJobs.Outcome outcome = sync("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 3 * * *\"}]");
        assertEquals("echo 'mine'", ((CpsFlowDefinition) handmade.getDefinition()).getScript());
        assertEquals("none", spec(handmade));
        assertTrue(outcome.problems().get(0).contains("was not made by roro"), outcome.problems().toString());
        sync("[]");
        assertFalse(handmade.isDisabled(), "never disabled either");
    }

    @Test
    void aBuildThatMayNotConfigureCannotMakeRoroRewriteAJob(JenkinsRule r) throws Exception {
        sync("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 3 * * *\"}]");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.DISCOVER).everywhere().to("alice"));
        RetrainJobs.Outcome outcome = RetrainJobs.sync("credit-risk",
                json("[{\"task\": \"retrain\", \"jenkinsSpec\": \"H 5 * * *\"}, {\"task\": \"other\","
                        + " \"jenkinsSpec\": \"H 6 * * *\"}]"), NO_GIT, User.getById("alice", true).impersonate2(),
                TaskListener.NULL);
        assertEquals("H 3 * * *", spec(r.jenkins.getItemByFullName("roro-retrain/credit-risk/retrain",
                WorkflowJob.class)));
        assertNull(r.jenkins.getItemByFullName("roro-retrain/credit-risk/other"));
        assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("alice may not configure")),
                outcome.problems().toString());
        assertTrue(outcome.problems().stream().anyMatch(p -> p.contains("alice may not create")),
                outcome.problems().toString());
    }
}
