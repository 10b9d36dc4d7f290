package io.roro.core.lineage.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jenkins plugin's mongoUri setting, and the password file it hands the roro command. */
class StoreSettingTest {
    @Test
    void anEmptyOrUnresolvedUriIsAnErrorNamingTheSetting() {
        assertThatThrownBy(() -> StoreSetting.parse("")).hasMessageContaining("mongoUri").hasMessageContaining("empty")
                .hasMessageContaining("'embedded'");
        assertThatThrownBy(() -> StoreSetting.parse("  ")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> StoreSetting.parse("${RORO_MONGO_URI}")).hasMessageContaining("not resolved");
        assertThatThrownBy(() -> StoreSetting.parse("http://user:s3cret@host/"))
                .hasMessageContaining("not a MongoDB connection string").hasMessageNotContaining("s3cret");
    }

    @Test
    void theEmbeddedStoreIsOnlyForTheBuiltInNode() {
        StoreSetting embedded = StoreSetting.parse("embedded");
        assertThat(embedded.isEmbedded()).isTrue();
        assertThat(embedded.problemOn("")).isEmpty();
        assertThat(embedded.problemOn("k8s-agent-x1")).get().asString().contains("k8s-agent-x1")
                .contains("mongoUri");
        StoreSetting mongo = StoreSetting.parse("mongodb://mongo.ml.svc:27017/");
        assertThat(mongo.mongoUri()).contains("mongodb://mongo.ml.svc:27017/");
        assertThat(mongo.problemOn("k8s-agent-x1")).isEmpty();
    }

    @Test
    void thePasswordCanComeFromAFileSoNoEnvironmentShowsIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "p@ss-S3CRT\n");
        LineageConfig config = LineageConfig.load(Map.of("RORO_HOME", dir.toString(), "RORO_MONGO_URI",
                "mongodb://127.0.0.1:9/", "RORO_MONGO_USER", "roro", "RORO_MONGO_PASSWORD_FILE", file.toString()));
        assertThat(config.password()).contains("p@ss-S3CRT");
        assertThatThrownBy(() -> LineageConfig.load(Map.of("RORO_HOME", dir.toString(), "RORO_MONGO_PASSWORD_FILE",
                dir.resolve("missing").toString()))).hasMessageContaining("cannot read RORO_MONGO_PASSWORD_FILE");
    }
}
