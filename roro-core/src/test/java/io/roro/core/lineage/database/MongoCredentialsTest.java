package io.roro.core.lineage.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A MongoDB password given apart from the URI (the lineage Secret's username/password keys, RORO_MONGO_USER and
 * RORO_MONGO_PASSWORD) is used as it is: '@', ':', '/' and '%' in it need no escaping, and the user is looked up
 * where the URI says (authSource, else its database).
 */
class MongoCredentialsTest {
    private static MongoClientSettings settings(String uri, String user, String password) {
        return LineageDatabase.settings(uri, LineageConfig.load(Map.of("RORO_MONGO_URI", uri, "RORO_MONGO_USER",
                user, "RORO_MONGO_PASSWORD", password, "HOME", "/tmp")));
    }

    @Test
    void aPasswordWithUriCharactersIsTakenAsItIsWhereTheUriSaysTheUserIs() {
        String password = "p@ss:w/rd%41";
        var credential = settings("mongodb://mongo-0.mongo.ml.svc:27017/roro?authSource=roro", "roro", password)
                .getCredential();
        assertThat(credential.getUserName()).isEqualTo("roro");
        assertThat(credential.getSource()).isEqualTo("roro");
        assertThat(new String(credential.getPassword())).isEqualTo(password);
        assertThat(settings("mongodb://mongo:27017/lineage", "roro", password).getCredential().getSource())
                .as("the URI's database when it names no authSource").isEqualTo("lineage");
        assertThat(settings("mongodb://mongo:27017", "roro", password).getCredential().getSource())
                .isEqualTo("admin");
    }

    @Test
    void credentialsInTheUriAreTheUrisOwn() {
        var credential = settings("mongodb://alice:secret@mongo:27017/roro?authSource=admin", "roro", "other")
                .getCredential();
        assertThat(credential.getUserName()).isEqualTo("alice");
    }
}
