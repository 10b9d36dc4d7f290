package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.spec.ProjectSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against fabric8's mock API server in CRUD mode. It has no controllers, so a "controller" thread here marks
 * rollouts available when the test wants them to succeed, as a real cluster's Deployment controller would.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesDeployerTest {
    KubernetesClient client;
    KubernetesMockServer server;

    private final ProjectSpec spec = Fixtures.spec();
    private KubernetesDeployer deployer;
    private FakeDeploymentController controller;

    @BeforeEach
    void start() {
        deployer = new KubernetesDeployer(RoroRequests.client(client), "ml", Duration.ofMillis(50));
        controller = new FakeDeploymentController(client, "ml");
    }

    @AfterEach
    void stop() throws InterruptedException {
        controller.close();
    }

    private ServiceObjects objects(String service, String version) {
        return ServiceObjects.of(Fixtures.SETTINGS, "credit-risk", spec.service(service).orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", spec.profile("cpu"),
                Optional.of(version));
    }

    private Deployment current(String name) {
        return client.apps().deployments().inNamespace("ml").withName(name).get();
    }

    @Test
    void createsRollsOutAndLeavesAnUnchangedSpecAlone() {
        ApplyOutcome first = deployer.apply(objects("default", "credit-model:v1"), Duration.ofSeconds(10));
        assertThat(first.outcome()).isEqualTo(ApplyOutcome.Outcome.ROLLED_OUT);
        Deployment created = current("roro-credit-risk-default");
        assertThat(created.getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.services().inNamespace("ml").withName("roro-credit-risk-default").get()).isNotNull();
        String resourceVersion = created.getMetadata().getResourceVersion();

        ApplyOutcome again = deployer.apply(objects("default", "credit-model:v1"), Duration.ofSeconds(10));
        assertThat(again.outcome()).isEqualTo(ApplyOutcome.Outcome.UNCHANGED);
        assertThat(current("roro-credit-risk-default").getSpec().getTemplate())
                .isEqualTo(created.getSpec().getTemplate());
        assertThat(current("roro-credit-risk-default").getMetadata().getResourceVersion())
                .isEqualTo(resourceVersion);
    }

    @Test
    void updatesToANewVersion() {
        deployer.apply(objects("default", "credit-model:v1"), Duration.ofSeconds(10));
        ApplyOutcome update = deployer.apply(objects("default", "credit-model:v2"), Duration.ofSeconds(10));
        assertThat(update.outcome()).isEqualTo(ApplyOutcome.Outcome.ROLLED_OUT);
        assertThat(current("roro-credit-risk-default").getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(KubeNames.MODEL_VERSION, "credit-model.v2");
    }

    @Test
    void aRolloutThatNeverBecomesAvailableIsRolledBack() {
        deployer.apply(objects("default", "credit-model:v1"), Duration.ofSeconds(10));
        controller.healthy.set(false); // the new pods never get ready
        ApplyOutcome broken = deployer.apply(objects("default", "credit-model:v2"), Duration.ofMillis(600));
        assertThat(broken.outcome()).isEqualTo(ApplyOutcome.Outcome.ROLLED_BACK);
        assertThat(broken.message()).contains("did not become available").contains("restored the previous version");
        Deployment after = current("roro-credit-risk-default");
        assertThat(after.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(KubeNames.MODEL_VERSION, "credit-model.v1");
        assertThat(after.getMetadata().getAnnotations()).containsEntry(KubeNames.MODEL_VERSION, "credit-model:v1");
    }

    @Test
    void theFirstRolloutFailingHasNothingToGoBackTo() {
        controller.healthy.set(false);
        ApplyOutcome failed = deployer.apply(objects("default", "credit-model:v1"), Duration.ofMillis(400));
        assertThat(failed.outcome()).isEqualTo(ApplyOutcome.Outcome.FAILED);
    }

    @Test
    void autoscaledServicesGetAnHpaThatOwnsTheReplicaCount() {
        deployer.apply(objects("scaled", "credit-model:v1"), Duration.ofSeconds(10));
        var hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("ml")
                .withName("roro-credit-risk-scaled").get();
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        deployer.scale("roro-credit-risk-scaled", 6); // as the autoscaler would
        assertThat(deployer.apply(objects("scaled", "credit-model:v2"), Duration.ofSeconds(10)).outcome())
                .isEqualTo(ApplyOutcome.Outcome.ROLLED_OUT);
        assertThat(current("roro-credit-risk-scaled").getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void anIngressFollowsTheSpecAndGoesWithIt() {
        deployer.apply(objects("scaled", "credit-model:v1"), Duration.ofSeconds(10));
        var ingresses = client.network().v1().ingresses().inNamespace("ml");
        var created = ingresses.withName("roro-credit-risk-scaled").get();
        assertThat(created.getSpec().getRules().get(0).getHost()).isEqualTo("credit.example.com");
        assertThat(created.getSpec().getIngressClassName()).isEqualTo("nginx");

        ProjectSpec moved = Fixtures.spec(Fixtures.YAML.replace("host: credit.example.com", "host: risk.example.com"));
        deployer.apply(ServiceObjects.of(Fixtures.SETTINGS, "credit-risk", moved.service("scaled").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", moved.profile("cpu"),
                Optional.of("credit-model:v1")), Duration.ofSeconds(10));
        assertThat(ingresses.withName("roro-credit-risk-scaled").get().getSpec().getRules().get(0).getHost())
                .isEqualTo("risk.example.com");

        ProjectSpec internal = Fixtures.spec(Fixtures.YAML.replaceAll("\n +ingress: \\{[^}]*}", ""));
        assertThat(internal.service("scaled").orElseThrow().ingress()).isEmpty();
        deployer.apply(ServiceObjects.of(Fixtures.SETTINGS, "credit-risk", internal.service("scaled").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", internal.profile("cpu"),
                Optional.of("credit-model:v1")), Duration.ofSeconds(10));
        assertThat(ingresses.withName("roro-credit-risk-scaled").get()).isNull();
    }

    @Test
    void scaleAndDelete() {
        ServiceObjects objects = objects("default", "credit-model:v1");
        deployer.apply(objects, Duration.ofSeconds(10));
        deployer.scale("roro-credit-risk-default", 5);
        assertThat(current("roro-credit-risk-default").getSpec().getReplicas()).isEqualTo(5);
        deployer.delete(objects);
        assertThat(current("roro-credit-risk-default")).isNull();
        ServiceObjects scaled = objects("scaled", "credit-model:v1");
        deployer.apply(scaled, Duration.ofSeconds(10));
        deployer.delete(scaled);
        assertThat(client.network().v1().ingresses().inNamespace("ml").list().getItems()).isEmpty();
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("ml").list().getItems()).isEmpty();
        assertThat(client.services().inNamespace("ml").withName("roro-credit-risk-default").get()).isNull();
    }

    @Test
    void trainingJobStatesFollowTheJob() {
        Job job = TrainingJobs.job(Fixtures.SETTINGS, "credit-risk", "retrain-1", spec.task("retrain").orElseThrow(),
                "img", "credit-risk:abc", spec.profile("gpu"), Map.of(), Optional.empty());
        Job created = deployer.startJob(job);
        String name = created.getMetadata().getName();
        assertThat(deployer.jobState(name).phase()).isEqualTo(JobState.Phase.RUNNING);
        created.setStatus(new JobStatusBuilder().withFailed(1).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                .withMessage("Job was active longer than specified deadline").build()).build());
        client.resource(created).inNamespace("ml").updateStatus();
        JobState state = deployer.jobState(name);
        assertThat(state.phase()).isEqualTo(JobState.Phase.FAILED);
        assertThat(state.reason()).isEqualTo("DeadlineExceeded: Job was active longer than specified deadline");
        assertThat(deployer.jobState("nope").phase()).isEqualTo(JobState.Phase.MISSING);
    }
}
