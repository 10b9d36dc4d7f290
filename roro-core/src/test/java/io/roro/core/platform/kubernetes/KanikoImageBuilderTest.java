package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.build.BuildException;
import io.roro.core.build.ImageRecipe;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster builder against the mock API server. A thread plays Kaniko and the Job controller: it finishes each
 * build Job the way the test wants, writing the pushed digest to the kaniko container's termination message.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KanikoImageBuilderTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path repo;

    private Lineage lineage;
    private Path project;
    private ProjectSpec spec;
    private volatile String outcome = "succeed";
    private volatile boolean running = true;
    private Thread kaniko;

    @BeforeEach
    void start() throws Exception {
        lineage = MONGO.newLineage();
        project = Files.createDirectories(repo.resolve("ml/credit"));
        Files.writeString(project.resolve("roro.yml"), "project: credit-risk\nruntime: python3\n");
        Files.writeString(project.resolve("predict.py"), "def predict(x):\n    return x\n");
        git("init", "-q", "-b", "main");
        git("remote", "add", "origin", "https://builder:s3cret@git.example.com/ml/repo.git");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        spec = ProjectSpecReader.read(project.resolve("roro.yml"));
        kaniko = new Thread(this::playKaniko);
        kaniko.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        running = false;
        kaniko.join();
        lineage.close();
    }

    private KanikoImageBuilder builder(Duration timeout) {
        return builder(timeout, ClusterBuilder.KANIKO, Optional.empty());
    }

    private KanikoImageBuilder builder(Duration timeout, ClusterBuilder tool, Optional<String> image) {
        // no Docker engine is used: the runtime image is given, the context is only staged to hash it
        ImageRecipe contexts = new ImageRecipe(alias -> {
            throw new AssertionError("a cluster build names its runtime image");
        }, Map.of());
        return new KanikoImageBuilder(new KubernetesDeployer(RoroRequests.client(client), "ml", Duration.ofMillis(20)), Fixtures.SETTINGS,
                contexts, lineage::projects, new KanikoImageBuilder.Target("registry.example.com/ml/",
                        "registry-push", "registry.example.com/roro/runtime-python:1", tool, image), timeout,
                Duration.ofMillis(20));
    }

    private List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace("ml").list().getItems();
    }

    @Test
    void buildsTheCommitInTheClusterRecordsTheDigestAndReusesThePushedTag() {
        List<String> log = new ArrayList<>();
        BuildVersion build = builder(Duration.ofSeconds(10)).build(spec, project, LineageFixtures.ORIGIN, log::add);

        assertThat(build.image()).startsWith("registry.example.com/ml/credit-risk:").endsWith(build.tag());
        assertThat(build.imageId()).isEqualTo(DIGEST);
        assertThat(build.builtFrom()).isEqualTo("git");
        assertThat(lineage.projects().buildVersion(build.id())).contains(build);
        Job job = jobs().get(0);
        var context = job.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(context.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).contains(
                "RORO_GIT_URL=https://git.example.com/ml/repo.git", // the token never reaches the cluster object
                "RORO_GIT_REF=" + build.git().orElseThrow().commit(), "RORO_PROJECT_DIR=ml/credit/");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--destination=" + build.image());
        assertThat(log).anyMatch(l -> l.startsWith("building " + build.image()));

        BuildVersion again = builder(Duration.ofSeconds(10)).build(spec, project, LineageFixtures.ORIGIN, log::add);
        assertThat(again).isEqualTo(build);
        assertThat(jobs()).as("an unchanged commit is not built again").hasSize(1);
    }

    @Test
    void buildKitRootlessBuildsTheSameFromAMirrorAndItsDigestIsRecorded() {
        BuildVersion build = builder(Duration.ofSeconds(10), ClusterBuilder.BUILDKIT,
                Optional.of("mirror.example.com/moby/buildkit:v0.23.2-rootless"))
                .build(spec, project, LineageFixtures.ORIGIN, line -> { });
        assertThat(build.imageId()).isEqualTo(DIGEST);
        var container = jobs().get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("buildkit");
        assertThat(container.getImage()).isEqualTo("mirror.example.com/moby/buildkit:v0.23.2-rootless");
        assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
                .contains("RORO_DESTINATION=" + build.image());
    }

    @Test
    void aFailedBuildReportsKubernetesReasonAndRecordsNothing() {
        outcome = "fail";
        assertThatThrownBy(() -> builder(Duration.ofSeconds(10)).build(spec, project, LineageFixtures.ORIGIN, l -> { }))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("failed: BackoffLimitExceeded");
        assertThat(lineage.database().mongo().getCollection("build_versions").countDocuments()).isZero();
    }

    @Test
    void aBuildThatNeverEndsIsStoppedAtTheTimeout() {
        outcome = "hang";
        assertThatThrownBy(() -> builder(Duration.ofMillis(300)).build(spec, project, LineageFixtures.ORIGIN, l -> { }))
                .isInstanceOf(BuildException.class).hasMessageContaining("did not finish within 0 s");
        assertThat(jobs()).as("the Job is deleted, nothing pushes after roro gave up").isEmpty();
    }

    @Test
    void onlyCommittedWorkCanBeBuiltFromTheRemote() throws Exception {
        Files.writeString(project.resolve("predict.py"), "def predict(x):\n    return 2 * x\n");
        assertThatThrownBy(() -> builder(Duration.ofSeconds(10)).build(spec, project, LineageFixtures.ORIGIN, l -> { }))
                .isInstanceOf(BuildException.class).hasMessageContaining("not committed");
        git("checkout", "-q", "--", ".");
        git("remote", "remove", "origin");
        assertThatThrownBy(() -> builder(Duration.ofSeconds(10)).build(spec, project, LineageFixtures.ORIGIN, l -> { }))
                .isInstanceOf(BuildException.class).hasMessageContaining("no remote 'origin'");
        assertThat(jobs()).isEmpty();
    }

    private void playKaniko() {
        while (running) {
            for (Job job : jobs()) {
                if (job.getStatus() != null || outcome.equals("hang")) {
                    continue;
                }
                String name = job.getMetadata().getName();
                boolean succeed = outcome.equals("succeed");
                client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata().withName(name + "-pod")
                        .addToLabels("job-name", name).endMetadata().withSpec(job.getSpec().getTemplate().getSpec())
                        .withNewStatus().withContainerStatuses(new ContainerStatusBuilder()
                                .withName(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
                                .withNewState().withNewTerminated().withExitCode(succeed ? 0 : 1)
                                .withMessage(succeed ? DIGEST + "\n" : "").endTerminated().endState().build())
                        .endStatus().build()).create();
                job.setStatus(succeed ? new JobStatusBuilder().withSucceeded(1).build()
                        : new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                                .withMessage("Job has reached the specified backoff limit").build()).build());
                client.resource(job).inNamespace("ml").updateStatus();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
