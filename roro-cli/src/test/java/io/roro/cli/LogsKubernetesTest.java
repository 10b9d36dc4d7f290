package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.roro.core.platform.kubernetes.KubeNames;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro logs --target kubernetes`: the server container's log of each pod of the service. */
@EnableKubernetesMockClient(crud = true)
class LogsKubernetesTest {
    KubernetesClient client;
    KubernetesMockServer server;
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        MockCluster.forget();
    }

    @Test
    void printsEveryPodsServerLog() throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        MockCluster.use(client);
        assertThat(CliRun.of("logs", "default", "--target", "kubernetes", "--namespace", "ml", "-C",
                project.toString()).err()).contains("no pods for service default of credit-risk in namespace ml");

        client.pods().inNamespace("ml").resource(new PodBuilder().withNewMetadata().withName("roro-credit-risk-default-1")
                .withLabels(KubeNames.labels("credit-risk", KubeNames.SERVICE, "default")).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("x").endContainer().endSpec().build())
                .create();
        server.expect().get().withPath("/api/v1/namespaces/ml/pods/roro-credit-risk-default-1/log?pretty=false"
                + "&container=server&tailLines=20").andReturn(200, "booting\nlistening on 0.0.0.0:8080\n").always();
        CliRun logs = CliRun.of("logs", "default", "--target", "kubernetes", "--namespace", "ml", "--tail", "20",
                "-C", project.toString());
        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out()).isEqualTo("== roro-credit-risk-default-1\nbooting\nlistening on 0.0.0.0:8080\n");
    }
}
