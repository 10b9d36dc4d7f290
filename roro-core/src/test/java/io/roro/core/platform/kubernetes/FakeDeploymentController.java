package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The mock API server has no controllers: this thread plays the Deployment controller, marking every rollout
 * available while {@link #healthy} is set, as a cluster with ready pods would.
 */
final class FakeDeploymentController implements AutoCloseable {
    final AtomicBoolean healthy = new AtomicBoolean(true);
    private final Thread thread;
    private volatile boolean running = true;

    FakeDeploymentController(KubernetesClient client, String namespace) {
        thread = new Thread(() -> {
            while (running) {
                if (healthy.get()) {
                    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                        long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
                        int replicas = d.getSpec().getReplicas();
                        if (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                                || d.getStatus().getObservedGeneration() < generation
                                || d.getStatus().getAvailableReplicas() != replicas) {
                            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation)
                                    .withReplicas(replicas).withUpdatedReplicas(replicas)
                                    .withAvailableReplicas(replicas).withReadyReplicas(replicas).build());
                            client.resource(d).inNamespace(namespace).updateStatus();
                        }
                    }
                }
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
