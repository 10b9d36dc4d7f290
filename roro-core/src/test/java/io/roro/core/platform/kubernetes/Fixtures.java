package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.roro.core.lineage.Lineage;
import io.roro.core.platform.PlatformContext;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.nio.file.Path;
import java.util.Map;

/** A project with one profile of each shape the golden files cover. */
final class Fixtures {
    static final String YAML = """
            project: credit-risk
            services:
              - name: default
                function: predict.predict
                model: credit-model
                profile: cpu
                replicas: 2
                health: {path: /health, start_period_s: 30, interval_s: 10, timeout_s: 3}
              - name: scaled
                function: predict.predict
                model: credit-model
                profile: cpu
                autoscale: {min: 2, max: 10, cpu_percent: 60, memory_percent: 80}
                ingress: {host: credit.example.com, path: /score, tls_secret: credit-tls, class: nginx}
            tasks:
              - name: retrain
                command: python3 train.py
                params: {n_estimators: 100}
                model: credit-model
                dataset: credit-data
                profile: gpu
                timeout_minutes: 120
            models: [credit-model]
            datasets: [credit-data]
            profiles:
              cpu: {requests: {cpu: 500m, memory: 1536Mi}, limits: {cpu: 2, memory: 3Gi}}
              gpu:
                requests: {cpu: 4, memory: 16Gi}
                limits: {memory: 32Gi}
                gpu: 1
                node_selector: {cloud.google.com/gke-accelerator: nvidia-tesla-t4}
              gpu4:
                extends: gpu
                gpu: 4
                requests: {cpu: 16, memory: 64Gi, ephemeral_storage: 100Gi}
                limits: {memory: 128Gi}
                tolerations:
                  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                  - {key: dedicated, operator: Equal, value: ml, effect: NoExecute, toleration_seconds: 3600}
                service_account: trainer
                priority_class: ml-high
                image_pull_secrets: [registry-creds]
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - {key: gpu-memory, operator: In, values: ["80Gi"]}
            """;

    static ProjectSpec spec() {
        return spec(YAML);
    }

    static ProjectSpec spec(String yaml) {
        try {
            return ProjectSpecReader.parse(yaml, "roro.yml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final KubernetesSettings SETTINGS = new KubernetesSettings("ml", "roro/agent:latest", "roro-lineage",
            "ClusterIP");

    /** The Kubernetes platform over the mock server's client, namespace ml, with short waits for tests. */
    static KubernetesPlatform platform(KubernetesClient client,
            Lineage lineage, Path home, double rolloutTimeoutSeconds) {
        return KubernetesPlatform.of(RoroRequests.client(client), new PlatformContext(home, Map.of(),
                Map.of("namespace", "ml", "registry", "registry.example.com/ml",
                        "image", "registry.example.com/roro/credit-risk:abc",
                        "clusterPollInterval", "0.05", "pollInterval", "0.05",
                        "rolloutTimeout", Double.toString(rolloutTimeoutSeconds)), () -> lineage, false));
    }
}
