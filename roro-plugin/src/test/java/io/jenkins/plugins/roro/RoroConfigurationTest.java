package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
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
    void stepsGetTheTargetSettingsAsTheRoroCommandsDefaults(JenkinsConfiguredWithCodeRule j) throws Exception {
        var run = j.buildAndAssertSuccess(j.createFreeStyleProject());
        Map<String, String> env = RoroConfiguration.get().environment(run);
        assertEquals("kubernetes", env.get("RORO_TARGET"));
        assertEquals("ml", env.get("RORO_NAMESPACE"));
        assertEquals("registry.example.com/ml", env.get("RORO_REGISTRY"));
        assertEquals("kaniko", env.get("RORO_BUILDER"));
        assertEquals("registry.example.com/ml/roro-agent:0.1.0", env.get("RORO_AGENT_IMAGE"));
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
