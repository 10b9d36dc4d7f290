package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class RoroConfigurationTest {

    @Test
    @ConfiguredWithCode("casc.yml")
    void configuredFromJcasc(JenkinsConfiguredWithCodeRule j) {
        RoroConfiguration config = RoroConfiguration.get();
        assertEquals("mongodb://mongo.example.com:27017/?tls=true", config.getMongoUri());
        assertEquals("roro-mongo", config.getMongoCredentialsId());
        assertEquals("ml", config.getDatabase());
        assertEquals("docker", config.getDefaultTarget());
        assertEquals("roro-agents", config.getAgentLabel());
    }
}
