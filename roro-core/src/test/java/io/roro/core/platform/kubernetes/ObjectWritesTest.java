package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/**
 * A replace that meets a controller's write (409 Conflict: the Deployment's status changed between the read and
 * the write) is tried again; a serve failed on it (seen once in CI beside the test's stand-in controller).
 */
@EnableKubernetesMockClient
class ObjectWritesTest {
    private static final String PATH = "/apis/apps/v1/namespaces/ml/deployments";

    KubernetesClient client;
    KubernetesMockServer server;

    private static Deployment deployment(String resourceVersion) {
        return new DeploymentBuilder().withNewMetadata().withName("d").withNamespace("ml")
                .withResourceVersion(resourceVersion).endMetadata().withNewSpec().withReplicas(2).endSpec().build();
    }

    private void existing(int conflicts) {
        server.expect().post().withPath(PATH).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("AlreadyExists").build()).always();
        server.expect().get().withPath(PATH + "/d").andReturn(200, deployment("7")).always();
        if (conflicts > 0) {
            server.expect().put().withPath(PATH + "/d").andReturn(409, new StatusBuilder().withCode(409)
                    .withReason("Conflict").withMessage("the object has been modified").build()).times(conflicts);
        }
        server.expect().put().withPath(PATH + "/d").andReturn(200, deployment("8")).always();
    }

    @Test
    void aConflictWithAControllersWriteIsTriedAgain() {
        existing(2);
        Deployment written = ObjectWrites.createOrReplace(client, "ml", deployment(null));
        assertThat(written.getMetadata().getResourceVersion()).isEqualTo("8");
    }

    @Test
    void aConflictThatLastsIsReported() {
        existing(5);
        assertThatThrownBy(() -> ObjectWrites.createOrReplace(client, "ml", deployment(null)))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("modified");
    }
}
