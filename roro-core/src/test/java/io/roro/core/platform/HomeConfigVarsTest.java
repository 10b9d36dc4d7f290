package io.roro.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeConfigVarsTest {
    @TempDir
    Path home;

    @Test
    void varsAreKeptOwnerOnlyInAFileDockerReads() throws Exception {
        HomeConfigVars vars = HomeConfigVars.of(home, "credit-risk");
        assertThat(vars.envFile()).as("nothing to pass").isEmpty();
        vars.set(Map.of("API_TOKEN", "s3cr3t = with spaces \"and quotes\"", "DB_URL", "postgres://db/x?a=b"));
        vars.set(Map.of("DB_URL", "postgres://db/y"));
        assertThat(vars.values()).containsExactly(Map.entry("API_TOKEN", "s3cr3t = with spaces \"and quotes\""),
                Map.entry("DB_URL", "postgres://db/y"));
        Path file = home.resolve("config/credit-risk.env");
        assertThat(vars.envFile()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(HomeConfigVars.of(home, "other").values()).as("per project").isEmpty();

        assertThat(vars.unset(List.of("DB_URL", "NEVER_SET"))).containsExactly("DB_URL");
        assertThat(vars.values()).containsOnlyKeys("API_TOKEN");
        vars.unset(List.of("API_TOKEN"));
        assertThat(vars.envFile()).isEmpty();
    }

    @Test
    void badNamesAndMultiLineValuesAreRefusedAndNothingIsWritten() {
        HomeConfigVars vars = HomeConfigVars.of(home, "credit-risk");
        assertThatThrownBy(() -> vars.set(Map.of("GOOD", "1", "api-token", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'api-token' is not an environment variable name");
        assertThatThrownBy(() -> vars.set(Map.of("RORO_MODEL_DIR", "/tmp"))).hasMessageContaining("set by roro");
        assertThatThrownBy(() -> vars.set(Map.of("PORT", "80"))).hasMessageContaining("set by roro");
        assertThatThrownBy(() -> vars.set(Map.of("KEY", "-----BEGIN KEY-----\nabc")))
                .hasMessageContaining("the value of KEY has a line break");
        assertThat(vars.values()).as("all or nothing").isEmpty();
    }
}
