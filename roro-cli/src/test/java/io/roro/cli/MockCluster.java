package io.roro.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Points the roro command's Kubernetes client (kubeconfig-style auto-configuration) at fabric8's mock server. */
final class MockCluster {
    private static final List<String> PROPERTIES = List.of("kubernetes.master", "kubernetes.trust.certificates",
            "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount");

    private MockCluster() {
    }

    static void use(KubernetesClient mock) {
        System.setProperty("kubernetes.master", mock.getConfiguration().getMasterUrl());
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
    }

    static void forget() {
        PROPERTIES.forEach(System::clearProperty);
    }
}
