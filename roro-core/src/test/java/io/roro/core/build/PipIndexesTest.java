package io.roro.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.spec.BuildSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which index a build's pip uses: roro.yml, then the machine's PIP_* variables, then its pip.conf files. */
class PipIndexesTest {
    @TempDir
    Path home;

    private static BuildSpec yml(String index, String... extras) {
        return new BuildSpec(Optional.empty(), "requirements.txt", Optional.ofNullable(index), List.of(extras));
    }

    @Test
    void withoutAnySettingPipUsesItsDefaultIndex() throws Exception {
        Path machine = Path.of("/etc/pip.conf");
        Assumptions.assumeFalse(Files.isRegularFile(machine)
                && Files.readString(machine).contains("index"), "this machine's /etc/pip.conf names an index");
        PipIndexes indexes = PipIndexes.of(BuildSpec.defaults(), Map.of("HOME", home.toString(),
                "XDG_CONFIG_DIRS", home.resolve("none").toString()));
        assertThat(indexes.indexUrl()).isEmpty();
        assertThat(indexes.extraIndexUrls()).isEmpty();
        assertThat(indexes.shellAssignments()).isEmpty();
    }

    @Test
    void theUsersPipConfIsReadWithItsContinuationLinesAndInstallSection() throws Exception {
        Path conf = Files.createDirectories(home.resolve(".config/pip")).resolve("pip.conf");
        Files.writeString(conf, "# the team's mirror\n[global]\nindex-url = http://127.0.0.1:3141/simple\n"
                + "extra_index_url =\n    http://127.0.0.1:3142/simple\n    http://127.0.0.1:3143/simple\n"
                + "timeout: 60\n[install]\nindex-url: http://127.0.0.1:3144/simple\n");
        PipIndexes indexes = PipIndexes.of(BuildSpec.defaults(), Map.of("HOME", home.toString(),
                "XDG_CONFIG_DIRS", home.resolve("none").toString()));
        assertThat(indexes.indexUrl()).contains("http://127.0.0.1:3144/simple");
        assertThat(indexes.extraIndexUrls()).containsExactly("http://127.0.0.1:3142/simple",
                "http://127.0.0.1:3143/simple");
        assertThat(indexes.source()).contains(conf.toString());
    }

    @Test
    void theEnvironmentOverridesPipConfAndRoroYmlOverridesBothKeyByKey() throws Exception {
        Path conf = home.resolve("pip.conf");
        Files.writeString(conf, "[global]\nindex-url = http://127.0.0.1:1/simple\nextra-index-url = http://127.0.0.1:2/simple\n");
        Map<String, String> env = Map.of("HOME", home.toString(), "PIP_CONFIG_FILE", conf.toString(),
                "PIP_INDEX_URL", "http://127.0.0.1:3/simple", "XDG_CONFIG_DIRS", home.resolve("none").toString());
        PipIndexes machine = PipIndexes.of(BuildSpec.defaults(), env);
        assertThat(machine.indexUrl()).contains("http://127.0.0.1:3/simple");
        assertThat(machine.extraIndexUrls()).containsExactly("http://127.0.0.1:2/simple");
        PipIndexes project = PipIndexes.of(yml("http://127.0.0.1:4/simple"), env);
        assertThat(project.indexUrl()).contains("http://127.0.0.1:4/simple");
        assertThat(project.extraIndexUrls()).containsExactly("http://127.0.0.1:2/simple");
        assertThat(project.shellAssignments()).isEqualTo("PIP_INDEX_URL='http://127.0.0.1:4/simple' "
                + "PIP_EXTRA_INDEX_URL='http://127.0.0.1:2/simple' ");
    }

    @Test
    void aMachineIndexWithCredentialsIsRefusedNamingWhereItCameFromNotBakedIntoTheImage() {
        assertThatThrownBy(() -> PipIndexes.of(BuildSpec.defaults(), Map.of("HOME", home.toString(),
                "PIP_INDEX_URL", "https://ci:s3cret@pypi.example.com/simple")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("PIP_INDEX_URL")
                .hasMessageContaining("carries credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }

    @Test
    void aMachineIndexNoContainerCanReachIsLeftOutNotFatal() throws Exception {
        Path conf = home.resolve("pip.conf");
        Files.writeString(conf, "[global]\nextra-index-url = file:///opt/pypi/simple http://127.0.0.1:5/simple\n");
        PipIndexes indexes = PipIndexes.of(BuildSpec.defaults(), Map.of("HOME", home.toString(),
                "PIP_CONFIG_FILE", conf.toString(), "XDG_CONFIG_DIRS", home.resolve("none").toString()));
        assertThat(indexes.extraIndexUrls()).containsExactly("http://127.0.0.1:5/simple");
    }
}
