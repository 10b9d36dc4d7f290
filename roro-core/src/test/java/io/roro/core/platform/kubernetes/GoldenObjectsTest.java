package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.AdHocRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The objects roro generates, checked against reviewed YAML in src/test/resources/golden (set RORO_UPDATE_GOLDEN=1
 * to rewrite them after an intended change, then review the diff). Each must also parse back into the same fabric8
 * model object and use only GA API versions.
 */
class GoldenObjectsTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Set<String> GA = Set.of("v1", "apps/v1", "batch/v1", "autoscaling/v2",
            "networking.k8s.io/v1");
    private final ProjectSpec spec = Fixtures.spec();

    private static void matchesGolden(String file, String yaml) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (System.getenv("RORO_UPDATE_GOLDEN") != null) {
            Files.writeString(golden, yaml);
        }
        assertThat(yaml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    private static <T extends KubernetesResource> void roundTrips(String yaml, T object, Class<T> type) {
        assertThat(ProfilePods.SERIALIZATION.unmarshal(yaml, type)).isEqualTo(object);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "gpu4"})
    void agentPodTemplatePerProfile(String profile) throws IOException {
        Pod pod = AgentPodTemplate.pod(spec.profile(profile), "roro/runtime-python:1.0",
                "jenkins/inbound-agent:latest-jdk21");
        String yaml = ProfilePods.SERIALIZATION.asYaml(pod);
        matchesGolden("pod-template-" + profile + ".yaml", yaml);
        roundTrips(yaml, pod, Pod.class);
        assertThat(pod.getApiVersion()).isIn(GA);
    }

    @Test
    void quantitiesStayAsWrittenAndGpusAreLimits() {
        var resources = ProfilePods.resources(spec.profile("cpu"));
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("1536Mi");
        var gpu4 = ProfilePods.resources(spec.profile("gpu4"));
        assertThat(gpu4.getLimits().get("nvidia.com/gpu").toString()).isEqualTo("4");
        assertThat(gpu4.getRequests()).doesNotContainKey("nvidia.com/gpu");
        assertThat(gpu4.getRequests().get("ephemeral-storage").toString()).isEqualTo("100Gi");
    }

    @Test
    void servingObjects() throws IOException {
        ServiceObjects plain = ServiceObjects.of(Fixtures.SETTINGS, "credit-risk", spec.service("default").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", spec.profile("cpu"),
                Optional.of("credit-model:v3"));
        assertThat(plain.autoscaler()).isEmpty();
        assertThat(plain.ingress()).isEmpty();
        assertThat(plain.endpoint()).isEqualTo("http://roro-credit-risk-default.ml.svc.cluster.local/");
        matchesGolden("service-default.yaml", yaml(plain.all()));
        roundTrips(ProfilePods.SERIALIZATION.asYaml(plain.deployment()), plain.deployment(), Deployment.class);

        ServiceObjects scaled = ServiceObjects.of(Fixtures.SETTINGS, "credit-risk", spec.service("scaled").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", spec.profile("cpu"),
                Optional.of("credit-model:v3"));
        HorizontalPodAutoscaler hpa = scaled.autoscaler().orElseThrow();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMetrics()).hasSize(2);
        var ingress = scaled.ingress().orElseThrow();
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("credit-tls");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getName()).isEqualTo(scaled.service().getMetadata().getName());
        assertThat(scaled.endpoint()).isEqualTo("https://credit.example.com/score/");
        matchesGolden("service-scaled.yaml", yaml(scaled.all()));
        for (HasMetadata o : scaled.all()) {
            assertThat(o.getApiVersion()).isIn(GA);
        }
    }

    @Test
    void trainingJob() throws IOException {
        Job job = TrainingJobs.job(Fixtures.SETTINGS, "credit-risk", "retrain-7", spec.task("retrain").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", spec.profile("gpu"),
                Map.of("n_estimators", 100), Optional.of("credit-model:credit-data:v1"));
        String yaml = ProfilePods.SERIALIZATION.asYaml(job);
        matchesGolden("job-retrain.yaml", yaml);
        roundTrips(yaml, job, Job.class);
        assertThat(job.getApiVersion()).isEqualTo("batch/v1");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTemplate().getSpec().getInitContainers()).extracting(c -> c.getName())
                .containsExactly("fetch-data", "train");
    }

    @Test
    void aRunIsAJobOfItsCommandOnItsProfileWithItsDatasetAndModelVersion() throws IOException {
        ProjectSpec withRun = AdHocRun.withRun(spec, List.of("python3", "check.py", "--note",
                "it's raw"), Optional.of("gpu"), Optional.empty());
        Job job = TrainingJobs.job(Fixtures.SETTINGS, "credit-risk", "run-3", withRun.task("run").orElseThrow(),
                "registry.example.com/roro/credit-risk:abc", "credit-risk:abc", withRun.profile("gpu"), Map.of(),
                Optional.of("credit-model:credit-data:v1"), Optional.of("credit-model:v3"));
        String yaml = ProfilePods.SERIALIZATION.asYaml(job);
        matchesGolden("job-run.yaml", yaml);
        roundTrips(yaml, job, Job.class);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).extracting(c -> c.getName())
                .containsExactly("fetch-data", "fetch-model", "train");
        assertThat(pod.getInitContainers().get(2).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("RORO_COMMAND");
            assertThat(e.getValue()).isEqualTo("python3 check.py --note 'it'\\''s raw'");
        });
        assertThat(pod.getInitContainers().get(1).getArgs()).containsExactly("versions", "fetch", "credit-model:v3",
                "--to", "/pretrained");
        assertThat(pod.getInitContainers().get(2).getResources().getLimits()).containsKey("nvidia.com/gpu");
    }

    @Test
    void kanikoBuildJob() throws IOException {
        Job job = KanikoBuilds.job(Fixtures.SETTINGS, "credit-risk", "https://git.example.com/ml/credit-risk.git",
                "main", "models/credit/", "registry.example.com/roro/runtime-python:abc", "registry.example.com/ml/credit-risk:9f1c2d",
                "registry-push");
        String yaml = ProfilePods.SERIALIZATION.asYaml(job);
        matchesGolden("job-build.yaml", yaml);
        roundTrips(yaml, job, Job.class);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--destination=registry.example.com/ml/credit-risk:9f1c2d");
    }

    @Test
    void buildKitBuildJob() throws IOException {
        Job job = KanikoBuilds.job(Fixtures.SETTINGS, "credit-risk", "https://git.example.com/ml/credit-risk.git",
                "main", "models/credit/", "registry.example.com/roro/runtime-python:abc",
                "registry.example.com/ml/credit-risk:9f1c2d", "registry-push", ClusterBuilder.BUILDKIT,
                Optional.empty());
        String yaml = ProfilePods.SERIALIZATION.asYaml(job);
        matchesGolden("job-build-buildkit.yaml", yaml);
        roundTrips(yaml, job, Job.class);
    }

    @Test
    void longNamesAreShortenedToValidDnsLabels() {
        String name = KubeNames.name("roro-train", "a".repeat(60), "retrain-123");
        assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(KubeNames.name("roro-train", "a".repeat(60), "retrain-124")).isNotEqualTo(name);
        assertThat(KubeNames.labelValue("credit-model:v3")).isEqualTo("credit-model.v3");
    }

    private static String yaml(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        objects.forEach(o -> out.append(ProfilePods.SERIALIZATION.asYaml(o)));
        return out.toString();
    }
}
