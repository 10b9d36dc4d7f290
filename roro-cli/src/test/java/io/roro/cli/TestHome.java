package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Commands of a test run as if typed with their own roro home (and no other RORO_ setting of the build's). */
final class TestHome {
    private TestHome() {
    }

    static Invocation.Scope use(Path home) {
        return use(home, Map.of());
    }

    /** @param more variables the test's commands see too */
    static Invocation.Scope use(Path home, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("RORO_"));
        env.put("RORO_HOME", home.toString());
        env.putAll(more);
        return Invocation.use(new Invocation(Path.of("").toAbsolutePath(), env));
    }
}
