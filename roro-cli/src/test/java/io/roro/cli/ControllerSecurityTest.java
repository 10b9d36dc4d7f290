package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No shipped configuration starts an unsecured controller: the standalone controller's JCasC file makes a user
 * database with one administrator and lets nobody in anonymously, and the image's entry point refuses to start it
 * without the administrator's password (its setup wizard is off). Under the Helm chart the check stands aside.
 */
class ControllerSecurityTest {
    private static final Path CASC = Path.of("..", "jenkins-casc", "jenkins.yaml");
    private static final Path START = Path.of("..", "agent-images", "controller", "start.sh");
    private static final String OWN = "/usr/share/jenkins/ref/casc/jenkins.yaml";

    @TempDir
    Path dir;

    @Test
    void theStandaloneConfigurationHasAnAdministratorAndNoAnonymousAccess() throws Exception {
        JsonNode jenkins = new ObjectMapper(new YAMLFactory()).readTree(CASC.toFile()).path("jenkins");
        JsonNode local = jenkins.path("securityRealm").path("local");
        assertThat(local.path("allowsSignup").asBoolean(true)).isFalse();
        assertThat(local.path("users").get(0).path("password").asText()).isEqualTo("${JENKINS_ADMIN_PASSWORD}");
        assertThat(jenkins.path("authorizationStrategy").path("loggedInUsersCanDoAnything")
                .path("allowAnonymousRead").asBoolean(true)).isFalse();
    }

    private ProcessResult start(Map<String, String> env) throws Exception {
        Path entry = dir.resolve("entry");
        Files.writeString(entry, "#!/bin/sh\necho started \"$@\"\n");
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("sh", START.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("JENKINS_") || k.startsWith("CASC_"));
        builder.environment().putAll(env);
        builder.environment().put("RORO_JENKINS_ENTRYPOINT", entry.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes()) + new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    private record ProcessResult(int exit, String output) {
    }

    @Test
    void theImageRefusesToStartItsOwnConfigurationWithoutAnAdministratorPassword() throws Exception {
        ProcessResult refused = start(Map.of("CASC_JENKINS_CONFIG", OWN));
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.output()).contains("set JENKINS_ADMIN_PASSWORD").doesNotContain("started");
        assertThat(start(Map.of("CASC_JENKINS_CONFIG", OWN, "JENKINS_ADMIN_PASSWORD", "s3cret")).output())
                .contains("started");
        assertThat(start(Map.of("CASC_JENKINS_CONFIG", "/var/jenkins_home/casc_configs")).output())
                .as("the Helm chart's own configuration and admin").contains("started");
    }
}
