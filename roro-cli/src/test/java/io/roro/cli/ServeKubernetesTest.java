package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.roro.cli.invocation.Invocation;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.RuntimeImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro serve --target kubernetes` against fabric8's mock API server, with lineage in the embedded store. */
@EnableKubernetesMockClient(crud = true)
class ServeKubernetesTest {
    KubernetesClient client;
    @TempDir
    Path dir;
    private Invocation.Scope home;
    private volatile boolean running = true;

    @AfterEach
    void restore() throws InterruptedException {
        running = false;
        try {
            // the finishers of the two detached trainings (one failed, one cancelled) end by themselves
            DetachedProcesses.awaitEnd(dir, Duration.ofSeconds(60));
        } finally {
            if (home != null) {
                home.close();
            }
            MockCluster.forget();
        }
    }

    @Test
    void servesOnTheClusterAndRecordsTheDeployment() throws Exception {
        DockerCli docker = new DockerCli();
        assumeTrue(docker.available() && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok(),
                "no Docker engine or base image (the project image is built first); run scripts/setup-docker.sh");
        Path project = ValidateCommandTest.copyExample(dir);
        Files.createDirectories(project.resolve("out"));
        Files.writeString(project.resolve("out/model.pkl"), "weights");
        home = TestHome.use(dir.resolve("home"));
        assertThat(CliRun.of("publish", "--project", project.toString(), "--model", "credit-model", "--path",
                project.resolve("out").toString()).exitCode()).isZero();

        MockCluster.use(client);
        Thread controller = new Thread(() -> {
            while (running) {
                for (Deployment d : client.apps().deployments().inNamespace("ml").list().getItems()) {
                    if (d.getStatus() == null) {
                        int replicas = d.getSpec().getReplicas();
                        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(
                                d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration())
                                .withReplicas(replicas).withUpdatedReplicas(replicas).withAvailableReplicas(replicas)
                                .build());
                        client.resource(d).inNamespace("ml").updateStatus();
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        controller.start();

        running = true;
        CliRun run = CliRun.of("serve", "default", "--target", "kubernetes", "--namespace", "ml", "--image",
                "registry.example.com/ml/credit-risk:abc", "--rollout-timeout", "30", "-C", project.toString());
        running = false;
        controller.join();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("service default rolled out with credit-model:v1 at"
                + " http://roro-credit-risk-default.ml.svc.cluster.local/");
        Deployment deployment = client.apps().deployments().inNamespace("ml").withName("roro-credit-risk-default").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/ml/credit-risk:abc");
        assertThat(CliRun.of("timeline", "credit-risk:default").out()).contains("DEPLOYED").contains("credit-model:v1");
        // READY is what the cluster says: no pod ready yet, then one
        assertThat(CliRun.of("ps", "-C", project.toString(), "--namespace", "ml").out())
                .containsPattern("default +RUNNING +credit-model:v1 +0/1 ");
        deployment.getStatus().setReadyReplicas(1);
        client.resource(deployment).inNamespace("ml").updateStatus();
        assertThat(CliRun.of("ps", "-C", project.toString(), "--namespace", "ml").out())
                .containsPattern("default +RUNNING +credit-model:v1 +1/1 ");
        assertThat(CliRun.of("ps", "-C", project.toString(), "--namespace", "elsewhere").out())
                .as("no such Deployment there: cannot tell").containsPattern("default +RUNNING +credit-model:v1 +\\?/1 ");

        // and a training as a Job on the same cluster
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/credit.csv"), "income,default\n1,0\n");
        assertThat(CliRun.of("datasets", "publish", "--project", project.toString(), "--model", "credit-model",
                "--name", "credit-data", "--path", project.resolve("data").toString()).exitCode()).isZero();
        CliRun train = CliRun.of("train", "retrain", "--target", "kubernetes", "--namespace", "ml", "--image",
                "registry.example.com/ml/credit-risk:abc", "--detach", "--json", "-C", project.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        String id = new ObjectMapper().readTree(train.out()).get("trainingId").asText();
        assertThat(id).isEqualTo("credit-risk:retrain-1");
        var job = client.batch().v1().jobs().inNamespace("ml").withName("roro-train-credit-risk-retrain-1").get();
        assertThat(job.getSpec().getTemplate().getSpec().getInitContainers().get(1).getImage())
                .isEqualTo("registry.example.com/ml/credit-risk:abc");
        assertThat(CliRun.of("ps", "-C", project.toString()).out()).contains("retrain-1").contains("RUNNING");

        // what nhaTrain polls: the status of a training that runs as a Job, and its failure as Kubernetes reports it
        CliRun running = CliRun.of("train", "status", id, "--target", "kubernetes", "--namespace", "ml", "--json");
        assertThat(running.exitCode()).as(running.err()).isZero();
        assertThat(running.out()).contains("\"state\" : \"RUNNING\"");
        job.setStatus(new JobStatusBuilder().withFailed(1)
                .withConditions(new JobConditionBuilder().withType("Failed")
                        .withStatus("True").withReason("DeadlineExceeded").withMessage("Job was active longer than"
                                + " specified deadline").build()).build());
        client.resource(job).inNamespace("ml").updateStatus();
        CliRun failed = CliRun.of("train", "status", id, "--target", "kubernetes", "--namespace", "ml", "--json");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("\"state\" : \"FAILED\"").contains("DeadlineExceeded");

        CliRun second = CliRun.of("train", "retrain", "--target", "kubernetes", "--namespace", "ml", "--image",
                "registry.example.com/ml/credit-risk:abc", "--detach", "--json", "-C", project.toString());
        String secondId = new ObjectMapper().readTree(second.out()).get("trainingId")
                .asText();
        CliRun cancel = CliRun.of("train", "cancel", secondId, "--target", "kubernetes", "--namespace", "ml");
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains(secondId + " CANCELLED");
        assertThat(client.batch().v1().jobs().inNamespace("ml").withName("roro-train-credit-risk-retrain-2").get())
                .as("the Job is gone with the training").isNull();

        // a deploy on the cluster: the unchanged service stays as it is, the result names its endpoint
        CliRun deploy = CliRun.of("deploy", "--target", "kubernetes", "--namespace", "ml", "--image",
                "registry.example.com/ml/credit-risk:abc", "--json", "-C", project.toString());
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        var result = new ObjectMapper().readTree(deploy.out());
        assertThat(result.get("services").get(0).get("endpoint").asText())
                .isEqualTo("http://roro-credit-risk-default.ml.svc.cluster.local/");
        assertThat(CliRun.of("timeline", "credit-risk:default").out().lines().filter(l -> l.contains("DEPLOYED"))
                .count()).as("an unchanged spec records no new event").isEqualTo(1);
    }
}
