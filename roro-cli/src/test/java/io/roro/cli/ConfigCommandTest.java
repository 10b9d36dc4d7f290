package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.roro.cli.invocation.Invocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `roro config`: set from arguments or from the environment, listed by name only, unset. */
@EnableKubernetesMockClient(crud = true)
class ConfigCommandTest {
    KubernetesClient client;
    @TempDir
    Path dir;
    private Invocation.Scope saved;
    private String project;

    @BeforeEach
    void setUp() throws Exception {
                // a secret handed over the way Jenkins' withCredentials does: in the environment
        saved = TestHome.use(dir.resolve("home"), Map.of("DB_PASSWORD", "pa55-from-env"));
        Path projectDir = Files.createDirectories(dir.resolve("demo"));
        Files.writeString(projectDir.resolve("roro.yml"), "project: demo\nservices:\n  - name: default\n"
                + "    function: predict.predict\n");
        Files.writeString(projectDir.resolve("predict.py"), "def predict():\n    return {}\n");
        project = projectDir.toString();
    }

    @AfterEach
    void tearDown() {
        saved.close();
    }

    @Test
    void setListAndUnsetWithoutEverShowingAValue() throws Exception {
        assertThat(CliRun.of("config", "-C", project).out()).contains("no config vars");
        CliRun set = CliRun.of("config", "set", "-C", project, "API_TOKEN=s3cr3t", "DB_PASSWORD");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("set API_TOKEN, DB_PASSWORD").doesNotContain("s3cr3t");

        CliRun list = CliRun.of("config", "-C", project);
        assertThat(list.out()).contains("API_TOKEN=*****", "DB_PASSWORD=*****").doesNotContain("s3cr3t")
                .doesNotContain("pa55");
        assertThat(CliRun.of("config", "-C", project, "--json").out()).contains("\"API_TOKEN\"")
                .doesNotContain("s3cr3t");
        assertThat(Files.readString(dir.resolve("home/config/demo.env"))).contains("DB_PASSWORD=pa55-from-env");

        CliRun bad = CliRun.of("config", "set", "-C", project, "api-token=x");
        assertThat(bad.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(bad.err()).contains("'api-token' is not an environment variable name");
        CliRun missing = CliRun.of("config", "set", "-C", project, "NOT_IN_ENV");
        assertThat(missing.exitCode()).isEqualTo(RoroCommand.INVALID);
        assertThat(missing.err()).contains("NOT_IN_ENV has no value");

        assertThat(CliRun.of("config", "set", "-C", project, "--json", "EXTRA=v4lue").out())
                .contains("\"set\" : [ \"EXTRA\" ]").doesNotContain("v4lue");
        assertThat(CliRun.of("config", "unset", "-C", project, "--json", "EXTRA").out())
                .contains("\"unset\" : [ \"EXTRA\" ]");
        assertThat(CliRun.of("config", "unset", "-C", project, "API_TOKEN").out()).contains("unset API_TOKEN");
        assertThat(CliRun.of("config", "-C", project).out()).doesNotContain("API_TOKEN").contains("DB_PASSWORD");
    }

    @Test
    void onAClusterTheVarsAreTheProjectsSecret() {
        try {
            MockCluster.use(client);
            CliRun set = CliRun.of("config", "set", "-C", project, "--target", "kubernetes", "--namespace", "ml",
                    "API_TOKEN=s3cr3t");
            assertThat(set.exitCode()).as(set.err()).isZero();
            assertThat(client.secrets().inNamespace("ml").withName("roro-config-demo").get().getData())
                    .containsOnlyKeys("API_TOKEN");
            assertThat(CliRun.of("config", "-C", project, "--target", "kubernetes", "--namespace", "ml").out())
                    .contains("API_TOKEN=*****").doesNotContain("s3cr3t");
            assertThat(CliRun.of("config", "-C", project).out()).as("this machine's vars are others")
                    .contains("no config vars");
        } finally {
            MockCluster.forget();
        }
    }
}
