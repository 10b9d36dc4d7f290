package io.jenkins.plugins.roro;

import io.roro.core.RoroVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Installs fake-roro.sh as the roro command of the plugin configuration. */
final class FakeRoro {
    private FakeRoro() {
    }

    static Path install(Path dir) throws IOException {
        Path script = dir.resolve("roro");
        try (InputStream in = FakeRoro.class.getResourceAsStream("fake-roro.sh")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().setExecutable(true);
        RoroConfiguration.get().setRoroCommand(script.toString());
        return script;
    }

    /** A Pipeline line that points the fake at its state directory. */
    static String env(Path dir) {
        return "withEnv(['FAKE_RORO_DIR=" + dir + "', 'RORO_PLUGIN_VERSION=" + RoroVersion.get() + "'])";
    }
}
