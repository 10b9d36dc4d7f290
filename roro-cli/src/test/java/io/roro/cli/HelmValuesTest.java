package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The install is reproducible: every `helm install|upgrade` the README and the values' header give pins one chart
 * version (the last of the Jenkins line the plugin set is pinned to), a reused image tag is pulled again, and the
 * controller has a pull secret and an address for the build URLs lineage records.
 */
class HelmValuesTest {
    private static final Path VALUES = Path.of("..", "jenkins-casc", "helm", "values.yaml");
    private static final Pattern HELM = Pattern.compile("helm (install|upgrade) jenkins jenkins/jenkins([^`\\n]*)");

    @Test
    void everyHelmCommandPinsTheSameChartVersion() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String values = Files.readString(VALUES);
        int commands = 0;
        for (String text : new String[] {readme, values}) {
            Matcher m = HELM.matcher(text);
            while (m.find()) {
                commands++;
                assertThat(m.group(2)).as(m.group()).contains("--version 5.9.16");
            }
        }
        assertThat(commands).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aReusedTagIsPulledAgainAndTheControllerKnowsItsAddress() throws Exception {
        JsonNode controller = new ObjectMapper(new YAMLFactory()).readTree(VALUES.toFile()).path("controller");
        if (controller.path("image").path("tag").asText().endsWith("-SNAPSHOT")) {
            assertThat(controller.path("image").path("pullPolicy").asText()).isEqualTo("Always");
        }
        assertThat(controller.path("imagePullSecretName").asText()).isEqualTo("roro-pull");
        assertThat(controller.path("jenkinsUrl").asText()).startsWith("http");
    }

    @Test
    void theSeedDefinesEachProjectsDeployPromoteAndGpuTrainingJobsAsSeparateStatements() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String casc = yaml.readTree(Path.of("..", "jenkins-casc", "jenkins.yaml").toFile()).path("jobs").get(0)
                .path("script").asText();
        String helm = yaml.readTree(yaml.readTree(VALUES.toFile()).path("controller").path("JCasC")
                .path("configScripts").path("roro").asText()).path("jobs").get(0).path("script").asText();
        for (String script : new String[] {casc, helm}) {
            // a folded YAML block would join "}" and the next job on one line: one Groovy expression, not two jobs
            assertThat(script).contains("}\npipelineJob('credit-risk-promote')")
                    .contains("}\npipelineJob('credit-risk-gpu-train')")
                    .contains("scriptPath('pipelines/promote.Jenkinsfile')")
                    .contains("scriptPath('pipelines/gpu-train.Jenkinsfile')");
        }
    }
}
