package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.EnvVars;
import hudson.model.Result;
import io.roro.core.RoroVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jenkins.branch.BranchSource;
import jenkins.plugins.git.GitSCMSource;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * What an administrator gets from the shipped files, end to end: jenkins-casc/jenkins.yaml loaded as it is, its
 * seed job's multibranch project pointed at a repository holding examples/credit-risk with
 * pipelines/deploy.Jenkinsfile as its Jenkinsfile (only the remote is replaced: the shipped branch discovery is
 * kept), branch indexing, and the main branch's build on an agent labelled as the shipped pod templates are:
 * validate, roroDeploy, the retrain job. The agent's `roro` is the tests' stand-in (fake-roro.sh).
 */
@WithJenkins
class SeedJobDeployTest {
    @TempDir
    Path dir;

    @Test
    void theSeedJobDeploysTheExampleProjectFromItsMainBranch(JenkinsRule r) throws Exception {
        ShippedCasc.load();
        Path fake = Files.createDirectories(dir.resolve("fake"));
        FakeRoro.install(fake);
        EnvVars agentEnvironment = new EnvVars("PATH", fake + ":" + System.getenv("PATH"),
                "FAKE_RORO_DIR", fake.toString(), "RORO_PLUGIN_VERSION", RoroVersion.get());
        r.waitOnline(r.createSlave("roro-pod", RoroConfiguration.get().getAgentLabel(), agentEnvironment));

        Path repository = exampleRepository(dir.resolve("credit-risk"));
        WorkflowMultiBranchProject seeded = assertInstanceOf(WorkflowMultiBranchProject.class,
                r.jenkins.getItem("credit-risk"));
        GitSCMSource shipped = assertInstanceOf(GitSCMSource.class, seeded.getSCMSources().get(0));
        GitSCMSource local = new GitSCMSource(repository.toUri().toString());
        local.setId(shipped.getId());
        local.setTraits(shipped.getTraits());
        seeded.setSourcesList(List.of(new BranchSource(local)));

        assertNotNull(seeded.scheduleBuild2(0), "branch indexing is scheduled");
        r.waitUntilNoActivity();
        WorkflowJob main = seeded.getItem("main");
        assertNotNull(main, () -> "the shipped branch discovery finds main; indexing said: " + indexingLog(seeded));
        WorkflowRun build = main.getLastBuild();
        assertNotNull(build, "indexing builds a new branch");
        r.assertBuildStatus(Result.SUCCESS, build);
        r.assertLogContains("deployed version 3 of credit-risk", build);

        List<String> calls = Files.readAllLines(fake.resolve("calls"));
        assertTrue(calls.contains("validate ."), calls::toString);
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("deploy --target kubernetes -C ")), calls::toString);
        assertNotNull(build.getAction(RoroBuildAction.class), "the build has its Roro summary");
        WorkflowJob retrain = r.jenkins.getItemByFullName("roro-retrain/credit-risk/retrain", WorkflowJob.class);
        assertNotNull(retrain, "roroDeploy made the scheduled task's job beside the seed's project");
        assertEquals(seeded, r.jenkins.getItem("credit-risk"), "the project's own job keeps its name");
    }

    private static String indexingLog(WorkflowMultiBranchProject project) {
        try (InputStream log = project.getComputation().getLogInputStream()) {
            return new String(log.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** A git repository whose main branch holds the example project and the shipped deploy pipeline. */
    private static Path exampleRepository(Path repository) throws IOException, InterruptedException {
        Path example = Path.of("../examples/credit-risk").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(example)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = example.relativize(file).toString();
                if (relative.startsWith("data/") || relative.startsWith("output/")) {
                    continue;
                }
                Path target = repository.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Files.copy(Path.of("../pipelines/deploy.Jenkinsfile"), repository.resolve("Jenkinsfile"));
        git(repository, "init", "-q", "-b", "main");
        git(repository, "add", ".");
        git(repository, "-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-q", "-m", "example");
        return repository;
    }

    private static void git(Path repository, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(repository.toFile()).inheritIO().start();
        assertEquals(0, git.waitFor(), "git " + String.join(" ", args));
    }
}
