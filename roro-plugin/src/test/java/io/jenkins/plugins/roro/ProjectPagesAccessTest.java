package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Item;
import io.roro.core.schedule.TaskSchedule;
import jenkins.model.Jenkins;
import org.htmlunit.FailingHttpStatusCodeException;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Read on one project's folder shows that project's roro pages and no other project's: not through its own
 * Models page's paths, and not through a folder that only says in its description that it is a project's.
 */
@WithJenkins
class ProjectPagesAccessTest {

    @Test
    void aReaderOfOneProjectSeesNoOtherProjectsPages(JenkinsRule r) throws Exception {
        Folder top = r.jenkins.createProject(Folder.class, TaskSchedule.RETRAIN_FOLDER);
        top.setDescription(RetrainJobs.TOP_FOLDER_MARKER);
        Folder mine = top.createProject(Folder.class, "credit-risk");
        mine.setDescription(RetrainJobs.FOLDER_MARKER + "credit-risk");
        Folder theirs = top.createProject(Folder.class, "fraud");
        theirs.setDescription(RetrainJobs.FOLDER_MARKER + "fraud");
        Folder fake = r.jenkins.createProject(Folder.class, "elsewhere");
        fake.setDescription(RetrainJobs.FOLDER_MARKER + "fraud");
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("alice")
                .grant(Item.READ).onItems(top, mine, fake).to("alice"));

        assertTrue(mine.getAction(ProjectModelsAction.class) != null, "roro's project folder has the page");
        assertNull(fake.getAction(ProjectModelsAction.class), "a folder that only says so has none");

        JenkinsRule.WebClient alice = r.createWebClient().login("alice");
        String own = alice.goTo("job/roro-retrain/job/credit-risk/roro-models/projects/credit-risk")
                .asNormalizedText();
        assertFalse(own.contains("not shown here"), own);
        for (String other : new String[] {"projects/fraud", "models", "", "lineage?of=deployment/fraud:default"}) {
            String page = alice.goTo("job/roro-retrain/job/credit-risk/roro-models/" + other).asNormalizedText();
            assertTrue(page.contains("not shown here"), other + ": " + page);
        }
        alice.setThrowExceptionOnFailingStatusCode(true);
        try {
            alice.goTo("job/roro-retrain/job/fraud/roro-models/projects/fraud");
            throw new AssertionError("alice read fraud's folder");
        } catch (FailingHttpStatusCodeException e) {
            assertEquals(404, e.getStatusCode());
        }
    }
}
