package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.roro.cli.invocation.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro deploy --target kubernetes --builder kaniko`: the image is built by a Job in the cluster (played here by a
 * thread on fabric8's mock API server, which also plays the Deployment controller), no local docker build.
 */
@EnableKubernetesMockClient(crud = true)
class DeployKanikoTest {
    private static final String DIGEST = "sha256:" + "cd".repeat(32);

    KubernetesClient client;
    @TempDir
    Path dir;
    private Invocation.Scope saved;
    private volatile boolean running = true;
    private Thread cluster;

    @BeforeEach
    void start() {
        saved = TestHome.use(dir.resolve("home"));
        MockCluster.use(client);
        cluster = new Thread(this::playCluster);
        cluster.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        running = false;
        cluster.join();
        saved.close();
        MockCluster.forget();
    }

    @Test
    void deployBuildsInTheClusterAndServesThePushedImage() throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        git(project, "init", "-q", "-b", "main");
        git(project, "remote", "add", "origin", "https://git.example.com/ml/credit-risk.git");
        git(project, "add", ".");
        git(project, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/model.pkl"), "weights");
        assertThat(CliRun.of("publish", "--project", project.toString(), "--model", "credit-model", "--path",
                dir.resolve("out").toString()).exitCode()).isZero();

        CliRun deploy = CliRun.of("deploy", "--target", "kubernetes", "--builder", "kaniko", "--namespace", "ml",
                "--registry", "registry.example.com/ml", "--rollout-timeout", "30", "--json", "-C", project.toString());
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(deploy.out());
        String image = result.get("build").get("image").asText();
        assertThat(image).startsWith("registry.example.com/ml/credit-risk:");
        assertThat(result.get("build").get("imageId").asText()).isEqualTo(DIGEST);
        assertThat(deploy.err()).contains("building " + image + " in the cluster");
        Job build = client.batch().v1().jobs().inNamespace("ml").list().getItems().get(0);
        assertThat(build.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--destination=" + image);
        Deployment served = client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get();
        assertThat(served.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(image);

        CliRun misuse = CliRun.of("deploy", "--builder", "kaniko", "--registry", "registry.example.com/ml", "-C",
                project.toString());
        assertThat(misuse.exitCode()).isEqualTo(2);
        assertThat(misuse.err()).contains("--builder kaniko builds in the cluster: it needs --target kubernetes");
    }

    /** Jenkins exports its global builder setting (kaniko) to every step, a step with target docker included. */
    @Test
    void aKanikoDefaultFromTheEnvironmentIsLeftToTheClusterTarget() throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        try (var env = TestHome.use(dir.resolve("home"), Map.of("RORO_BUILDER", "kaniko",
                "RORO_REGISTRY", "registry.example.com/ml", "DOCKER_HOST", "unix://" + dir.resolve("no-engine")))) {
            CliRun docker = CliRun.of("deploy", "--target", "docker", "-C", project.toString());
            assertThat(docker.err()).doesNotContain("kaniko");
            assertThat(docker.err()).contains("no-engine");
        }
    }

    private void playCluster() {
        while (running) {
            for (Job job : client.batch().v1().jobs().inNamespace("ml").list().getItems()) {
                if (job.getStatus() == null) {
                    String name = job.getMetadata().getName();
                    client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata()
                            .withName(name + "-pod").addToLabels("job-name", name).endMetadata()
                            .withSpec(job.getSpec().getTemplate().getSpec()).withNewStatus()
                            .withContainerStatuses(new ContainerStatusBuilder().withName("kaniko").withNewState()
                                    .withNewTerminated().withExitCode(0).withMessage(DIGEST).endTerminated()
                                    .endState().build()).endStatus().build()).create();
                    job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
                    client.resource(job).inNamespace("ml").updateStatus();
                }
            }
            for (Deployment d : client.apps().deployments().inNamespace("ml").list().getItems()) {
                if (d.getStatus() == null) {
                    int replicas = d.getSpec().getReplicas();
                    d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()
                            == null ? 1 : d.getMetadata().getGeneration()).withReplicas(replicas)
                            .withUpdatedReplicas(replicas).withAvailableReplicas(replicas).build());
                    client.resource(d).inNamespace("ml").updateStatus();
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
