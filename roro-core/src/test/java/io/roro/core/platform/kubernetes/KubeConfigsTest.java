package io.roro.core.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster of the command's environment, not of the JVM's (the resident roro serves other environments). */
class KubeConfigsTest {
    @TempDir
    Path dir;

    private Path kubeconfig(Path file, String server, String namespace) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                users:
                - name: u
                  user:
                    token: t
                contexts:
                - name: x
                  context:
                    cluster: c
                    user: u
                    namespace: %s
                current-context: x
                """.formatted(server, namespace));
    }

    @Test
    void theCommandsKubeconfigNamesTheCluster() throws Exception {
        Path first = kubeconfig(dir.resolve("a/config"), "https://10.0.0.1:6443", "ml");
        Path home = dir.resolve("home");
        kubeconfig(home.resolve(".kube/config"), "https://10.0.0.2:6443", "other");

        assertThat(KubeConfigs.of(Map.of("KUBECONFIG", dir.resolve("missing") + ":" + first,
                "HOME", home.toString())).getMasterUrl()).as("the first KUBECONFIG file that exists")
                .startsWith("https://10.0.0.1:6443");
        var fromHome = KubeConfigs.of(Map.of("HOME", home.toString()));
        assertThat(fromHome.getMasterUrl()).as("else the HOME's ~/.kube/config").startsWith("https://10.0.0.2:6443");
        assertThat(fromHome.getNamespace()).isEqualTo("other");
        assertThat(KubeConfigs.kubeconfig(Map.of("KUBECONFIG", dir.resolve("missing").toString(),
                "HOME", home.toString()))).as("named but missing: no fallback, as kubectl").isEmpty();
    }
}
