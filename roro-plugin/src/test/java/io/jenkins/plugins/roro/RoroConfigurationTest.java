package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.FreeStyleBuild;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorException;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import java.io.File;
import java.util.Map;
import org.junit.jupiter.api.Test;

// export API as used by configuration-as-code-plugin's own plugin tests (io.jenkins.plugins.casc.misc.Util)
@WithJenkinsConfiguredWithCode
class RoroConfigurationTest {

    @Test
    @ConfiguredWithCode("casc.yml")
    void configuredFromJcasc(JenkinsConfiguredWithCodeRule j) {
        RoroConfiguration config = RoroConfiguration.get();
        assertEquals("mongodb://mongo.example.com:27017/?tls=true", config.getMongoUri());
        assertEquals("roro-mongo", config.getMongoCredentialsId());
        assertEquals("ml", config.getDatabase());
        assertEquals("kubernetes", config.getDefaultTarget());
        assertEquals("roro-agents", config.getAgentLabel());
        assertEquals("kaniko", config.getBuilder());
        assertEquals("registry-push", config.getRegistrySecret());
    }

    @Test
    @ConfiguredWithCode("casc.yml")
    void stepsGetTheTargetSettingsAndThePasswordOnlyInAnOwnerOnlyFile(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        FreeStyleBuild run = j.buildAndAssertSuccess(j.createFreeStyleProject());
        FilePath workspace = j.jenkins.getWorkspaceFor(run.getParent());
        workspace.mkdirs();
        FilePath secret;
        try (StepEnvironment roro = StepEnvironment.of(RoroConfiguration.get(), run, "", workspace)) {
            Map<String, String> env = roro.variables();
            assertEquals("kubernetes", env.get("RORO_TARGET"));
            assertEquals("ml", env.get("RORO_NAMESPACE"));
            assertEquals("registry.example.com/ml", env.get("RORO_REGISTRY"));
            assertEquals("kaniko", env.get("RORO_BUILDER"));
            assertEquals("registry.example.com/ml/roro-agent:0.1.0", env.get("RORO_AGENT_IMAGE"));
            assertEquals("roro", env.get("RORO_MONGO_USER"));
            assertFalse(env.containsKey("RORO_MONGO_PASSWORD"), "no password in the environment");
            assertFalse(env.values().stream().anyMatch(v -> v.contains("s3cret-pw")));
            secret = new FilePath(new File(env.get("RORO_MONGO_PASSWORD_FILE")));
            assertEquals("s3cret-pw", secret.readToString());
            assertEquals(0600, secret.mode() & 0777);
        }
        assertFalse(secret.exists(), "deleted when the command ends");
    }

    @Test
    @ConfiguredWithCode("casc.yml")
    void anEmptyOrUnresolvedUriIsRefusedNamingTheSetting(JenkinsConfiguredWithCodeRule j) {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RoroConfiguration.get().setMongoUri(""));
        assertTrue(empty.getMessage().contains("mongoUri"), empty.getMessage());
        assertEquals("mongodb://mongo.example.com:27017/?tls=true", RoroConfiguration.get().getMongoUri());
        ConfiguratorException casc = assertThrows(ConfiguratorException.class, () -> ConfigurationAsCode.get()
                .configure(getClass().getResource("empty-uri.yml").toExternalForm()));
        assertTrue(String.valueOf(casc.getMessage()).contains("mongoUri")
                || String.valueOf(casc.getCause()).contains("mongoUri"), String.valueOf(casc));
    }

    @Test
    @ConfiguredWithCode("casc.yml")
    void exportsWhatWasConfigured(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = Util.toYamlString(Util.getUnclassifiedRoot(context).get("roro"));
        for (String line : new String[] {"mongoUri: \"mongodb://mongo.example.com:27017/?tls=true\"",
                "mongoCredentialsId: \"roro-mongo\"", "builder: \"kaniko\"", "registry: \"registry.example.com/ml\"",
                "registrySecret: \"registry-push\"", "defaultTarget: \"kubernetes\""}) {
            assertTrue(exported.contains(line), () -> "missing " + line + " in\n" + exported);
        }
    }
}
