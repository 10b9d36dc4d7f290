package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Config vars on a cluster: one Secret per project, which the project's pods read (see the golden objects). */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RoroRequests.class)
class KubernetesConfigVarsTest {
    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void varsLiveInTheProjectsSecret() {
        KubernetesConfigVars vars = new KubernetesConfigVars(RoroRequests.client(client), "ml", "credit-risk");
        assertThat(vars.names()).isEmpty();
        vars.set(Map.of("API_TOKEN", "s3cr3t", "DB_URL", "postgres://db/x"));
        vars.set(Map.of("DB_URL", "postgres://db/y"));

        Secret secret = client.secrets().inNamespace("ml").withName("roro-config-credit-risk").get();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getMetadata().getLabels()).containsEntry(KubeNames.PROJECT, "credit-risk");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("DB_URL")), StandardCharsets.UTF_8))
                .isEqualTo("postgres://db/y");
        assertThat(vars.names()).containsExactly("API_TOKEN", "DB_URL");
        assertThat(new KubernetesConfigVars(RoroRequests.client(client), "ml", "other").names()).as("per project").isEmpty();

        assertThat(vars.unset(List.of("API_TOKEN", "NEVER_SET"))).containsExactly("API_TOKEN");
        assertThat(vars.names()).containsExactly("DB_URL");
        assertThatThrownBy(() -> vars.set(Map.of("RORO_X", "1"))).hasMessageContaining("set by roro");
        assertThat(vars.names()).containsExactly("DB_URL");
    }
}
