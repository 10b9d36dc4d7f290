package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a command means, as kubectl would find it from the command's environment: the first file of its
 * KUBECONFIG, else ~/.kube/config of its HOME, else the pod's service account. Read from the given environment
 * and not by fabric8 from the JVM's own, which in the resident roro is another command's.
 */
final class KubeConfigs {
    private KubeConfigs() {
    }

    static Config of(Map<String, String> environment) {
        return kubeconfig(environment).map(file -> Config.fromKubeconfig(null, file.toFile()))
                .orElseGet(() -> Config.autoConfigure(null));
    }

    static Optional<Path> kubeconfig(Map<String, String> environment) {
        String named = environment.getOrDefault("KUBECONFIG", "");
        for (String file : named.split(File.pathSeparator)) {
            if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
                return Optional.of(Path.of(file));
            }
        }
        if (!named.isBlank()) {
            return Optional.empty(); // named files that do not exist: as kubectl, no fallback to HOME
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        Path standard = Path.of(home, ".kube", "config");
        return Files.isRegularFile(standard) ? Optional.of(standard) : Optional.empty();
    }
}
