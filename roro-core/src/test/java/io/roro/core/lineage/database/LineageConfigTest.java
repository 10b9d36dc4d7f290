package io.roro.core.lineage.database;

import io.roro.core.lineage.GitWorkTree;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.Origin;
import io.roro.core.secrets.Secrets;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageConfigTest {

    @Test
    void withoutAnythingConfiguredTheEmbeddedStoreLivesInRoroHome(@TempDir Path home) {
        LineageConfig config = LineageConfig.load(Map.of("RORO_HOME", home.toString()));
        assertThat(config.isEmbedded()).isTrue();
        assertThat(config.embeddedFile()).isEqualTo(home.resolve("lineage.mv"));
        assertThat(config.database()).isEqualTo("roro");
    }

    @Test
    void configFileIsReadAndEnvironmentWins(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("config.yml"), """
                mongo:
                  uri: mongodb://file-host:27017
                  database: from-file
                  user: alice
                  password: s3cret-from-file
                """);
        LineageConfig fromFile = LineageConfig.load(Map.of("RORO_HOME", home.toString()));
        assertThat(fromFile.uri()).contains("mongodb://file-host:27017");
        assertThat(fromFile.database()).isEqualTo("from-file");
        assertThat(fromFile.password()).contains("s3cret-from-file");

        LineageConfig fromEnv = LineageConfig.load(Map.of("RORO_HOME", home.toString(),
                "RORO_MONGO_URI", "mongodb://env-host:27017", "RORO_MONGO_DATABASE", "from-env"));
        assertThat(fromEnv.uri()).contains("mongodb://env-host:27017");
        assertThat(fromEnv.database()).isEqualTo("from-env");
        assertThat(fromEnv.user()).contains("alice");
    }

    @Test
    void passwordsNeverAppearInToStringOrDescriptions() {
        LineageConfig config = new LineageConfig(Optional.of("mongodb://bob:hunter2@db.example.com:27017/roro?tls=true"),
                "roro", Optional.of("carol"), Optional.of("topsecret"), Path.of("x"));
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("topsecret")
                .contains("mongodb://bob:****@db.example.com:27017/roro?tls=true").contains("password ****");
        assertThat(config.describe()).doesNotContain("hunter2");
    }

    @Test
    void secretsAreMaskedInCommandsAndStrippedFromRemotes() {
        assertThat(Secrets.maskArguments(List.of("publish", "--token", "abc", "--api-key=xyz", "PASSWORD=p",
                "mongodb://u:pw@h/db", "--model", "m")))
                .containsExactly("publish", "--token", "****", "--api-key=****", "PASSWORD=****",
                        "mongodb://u:****@h/db", "--model", "m");
        assertThat(Secrets.stripUserInfo("https://user:ghp_token@github.com/org/repo.git"))
                .isEqualTo("https://github.com/org/repo.git");
        assertThat(Secrets.stripUserInfo("git@github.com:org/repo.git")).isEqualTo("git@github.com:org/repo.git");
        assertThat(Origin.cli(List.of("deploy", "--password", "x")).command()).contains("roro deploy --password ****");
    }

    @Test
    void aPasswordIsMaskedWholeWhateverItHolds() {
        // before: "admin:****@ss-S3CRT@127.0.0.1:9/roro"
        assertThat(Secrets.maskPassword("cannot open mongodb://admin:p@ss-S3CRT@127.0.0.1:9/roro: timeout"))
                .isEqualTo("cannot open mongodb://admin:****@127.0.0.1:9/roro: timeout");
        assertThat(Secrets.maskPassword("mongodb://u:a/b:c@d@h1:27017,h2:27017/roro?authSource=admin"))
                .isEqualTo("mongodb://u:****@h1:27017,h2:27017/roro?authSource=admin");
        assertThat(Secrets.maskPassword("mongodb://h/roro")).isEqualTo("mongodb://h/roro");
    }

    @Test
    void theUrisOwnTimeoutsAreKept() {
        LineageConfig config = LineageConfig.embedded(Path.of("unused.mv"));
        var own = LineageDatabase.settings("mongodb://127.0.0.1:9/roro?serverSelectionTimeoutMS=500&connectTimeoutMS=300",
                config);
        assertThat(own.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(500);
        assertThat(own.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS))
                .isEqualTo(300);
        var defaults = LineageDatabase.settings("mongodb://127.0.0.1:9/roro", config);
        assertThat(defaults.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS))
                .isEqualTo(10);
    }

    @Test
    void aJenkinsBuildIsTheOriginWhenItsVariablesAreSet() {
        Origin jenkins = Origin.fromEnvironment(Map.of("JOB_NAME", "ml/credit", "BUILD_NUMBER", "7",
                "BUILD_URL", "http://jenkins/job/ml/job/credit/7/"), List.of("deploy"));
        assertThat(jenkins.kind()).isEqualTo("jenkins");
        assertThat(jenkins.describe()).isEqualTo("ml/credit #7");
        assertThat(jenkins.url()).contains("http://jenkins/job/ml/job/credit/7/");
        Origin shell = Origin.fromEnvironment(Map.of("BUILD_NUMBER", "x"), List.of("deploy"));
        assertThat(shell.kind()).isEqualTo("cli");
        assertThat(shell.command()).contains("roro deploy");
    }

    @Test
    void gitInfoOfAWorkTreeWithoutCredentials(@TempDir Path dir) throws Exception {
        run(dir, "git", "init", "-q", "-b", "main");
        run(dir, "git", "config", "user.email", "t@example.com");
        run(dir, "git", "config", "user.name", "t");
        run(dir, "git", "remote", "add", "origin", "https://user:token123@git.example.com/team/credit.git");
        Files.writeString(dir.resolve("train.py"), "print(1)\n");
        run(dir, "git", "add", ".");
        run(dir, "git", "commit", "-q", "-m", "first");
        GitInfo clean = GitWorkTree.state(dir).orElseThrow();
        assertThat(clean.commit()).hasSize(40);
        assertThat(clean.branch()).contains("main");
        assertThat(clean.remote()).contains("https://git.example.com/team/credit.git");
        assertThat(clean.dirty()).isFalse();
        Files.writeString(dir.resolve("train.py"), "print(2)\n");
        assertThat(GitWorkTree.state(dir).orElseThrow().dirty()).isTrue();
        assertThat(GitWorkTree.state(dir.getParent().resolve("not-a-repo-" + System.nanoTime()))).isEmpty();
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
