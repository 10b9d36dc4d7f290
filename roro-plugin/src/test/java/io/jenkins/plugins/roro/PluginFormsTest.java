package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleBuild;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What the real 2.541.3 controller showed broken on first contact (it/jenkins runs the same on a live one): the
 * System page's roro section, saving it on a fresh install, roroRun's form, one Lineage action per build.
 */
@WithJenkins
class PluginFormsTest {

    @Test
    void theSystemPageShowsRorosSection(JenkinsRule r) throws Exception {
        String page = r.createWebClient().goTo("manage/configure").asNormalizedText();
        assertTrue(page.contains("Roro Pipeline"), "no roro section");
        assertTrue(page.contains("Image registry for the Kubernetes target"), "a title with parentheses was lost");
    }

    @Test
    void aFreshInstallSavesTheSystemPage(JenkinsRule r) throws Exception {
        assertNull(RoroConfiguration.get().getMongoUri());
        r.configRoundtrip(); // the empty MongoDB URI textbox is submitted as ""
        assertNull(RoroConfiguration.get().getMongoUri(), "an empty URI is one never set: the embedded store");
        assertTrue(RoroConfiguration.get().store().isEmbedded());
    }

    @Test
    void roroRunsFormGivesTheCommandOneArgumentPerLine(JenkinsRule r) throws Exception {
        RoroRunStep step = (RoroRunStep) r.jenkins.getDescriptorByType(RoroRunStep.DescriptorImpl.class)
                .newInstance(null, JSONObject.fromObject("{\"commandLines\": \"python3\\ncheck.py\\n\\n--rows\\n1000\","
                        + " \"dir\": \".\"}"));
        assertEquals(List.of("python3", "check.py", "--rows", "1000"), step.getCommand());
        assertEquals("roroRun(['python3', 'check.py', '--rows', '1000'])", Snippetizer.object2Groovy(step));
    }

    /** A SYSTEM-scoped credential is the controller's alone: builds cannot look it up, so the form does not offer it. */
    @Test
    void theFormOffersOnlyCredentialsBuildsCanUse(JenkinsRule r) throws Exception {
        var store = SystemCredentialsProvider.getInstance();
        store.getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.GLOBAL, "mongo-global", "", "roro", "pw-1"));
        store.getCredentials().add(new UsernamePasswordCredentialsImpl(
                CredentialsScope.SYSTEM, "mongo-system", "", "roro", "pw-2"));
        store.save();
        List<String> offered = RoroConfiguration.get().doFillMongoCredentialsIdItems("").stream()
                .map(option -> option.value).toList();
        assertTrue(offered.contains("mongo-global"), offered.toString());
        assertTrue(!offered.contains("mongo-system"), offered.toString());
    }

    @Test
    void parallelRecordsOfOneBuildShareOneLineageAction(JenkinsRule r) throws Exception {
        FreeStyleBuild build = r.buildAndAssertSuccess(r.createFreeStyleProject());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> branches = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread branch = new Thread(() -> {
                try {
                    go.await();
                    RoroBuildAction.record(build, "branch " + n, "m:v" + n);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            branch.start();
            branches.add(branch);
        }
        go.countDown();
        for (Thread branch : branches) {
            branch.join();
        }
        assertEquals(1, build.getActions(RoroBuildAction.class).size());
        assertEquals(8, build.getAction(RoroBuildAction.class).getEntries().size());
    }
}
