package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates an object, or replaces the one there, as roro wants it. A replace carries the resourceVersion it read,
 * and the cluster's controllers write the same objects (a Deployment's status on every pod change, an HPA's on
 * every sync): a write between the read and the replace gets 409 Conflict, which says nothing about roro's own
 * object. It is tried again on the newer version (seen in the tests as a serve that failed beside the Deployment
 * controller's status update).
 */
final class ObjectWrites {
    private static final Logger LOG = Logger.getLogger(ObjectWrites.class.getName());
    private static final int TRIES = 5;

    private ObjectWrites() {
    }

    static <T extends HasMetadata> T createOrReplace(KubernetesClient client, String namespace, T object) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resource(object).inNamespace(namespace).createOr(NonDeletingOperation::update);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == TRIES) {
                    throw e;
                }
                LOG.log(Level.FINE, object.getKind() + " " + object.getMetadata().getName()
                        + " changed while it was replaced (a controller's status write); trying again", e);
            }
        }
    }
}
