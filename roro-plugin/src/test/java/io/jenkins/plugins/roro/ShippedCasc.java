package io.jenkins.plugins.roro;

import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.nio.file.Path;
import java.util.Map;

/** jenkins-casc/jenkins.yaml loaded as shipped, with what a controller's environment would give it. */
final class ShippedCasc {
    /** What the controller's environment gives JCasC (its EnvSecretSource reads system properties first). */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "RORO_MONGO_URI", "mongodb://mongo-0.mongo.ml.svc:27017/roro?authSource=roro",
            "RORO_MONGO_USER", "roro", "RORO_MONGO_PASSWORD", "pw-not-in-the-file",
            "RORO_REGISTRY", "registry.example.com/ml", "GIT_USER", "ci", "GIT_TOKEN", "token");

    private ShippedCasc() {
    }

    static void load() throws Exception {
        ENVIRONMENT.forEach(System::setProperty);
        try {
            ConfigurationAsCode.get().configure(Path.of("../jenkins-casc/jenkins.yaml").toAbsolutePath().toUri()
                    .toString());
        } finally {
            ENVIRONMENT.keySet().forEach(System::clearProperty);
        }
    }
}
