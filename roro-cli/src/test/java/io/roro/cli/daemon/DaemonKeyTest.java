package io.roro.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's Python client and the daemon (Java) must name the same socket for the same environment, or every
 * command would start a new daemon. Runs bin/roro-client.py and compares with {@link DaemonKey}.
 */
class DaemonKeyTest {
    private static final Path CLIENT = Path.of("src/main/bin/roro-client.py").toAbsolutePath();

    @TempDir
    Path dir;

    private String pythonSocket(Map<String, String> env, Path cwd, Path jar, String java) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "-S", CLIENT.toString(), java, jar.toString(),
                "deploy").directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("RORO_CLIENT_PRINT_SOCKET", "1");
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void pythonClientAndJavaDaemonNameTheSameSocket() throws Exception {
        // without /usr/bin/python3 the launcher uses the Java client, which shares DaemonKey itself
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")),
                "no /usr/bin/python3: the launcher uses the Java client there");
        Path jar = Files.writeString(dir.resolve("roro.jar"), "not really a jar");
        Path project = Files.createDirectories(dir.resolve("project dir é"));
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RORO_HOME", dir.resolve("home").toString());
        env.put("DOCKER_HOST", "unix:///var/run/docker.sock");
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C");            // the locale Python would coerce (PEP 538)
        env.put("GREETING", "grüß dich");

        Map<String, String> daemonEnv = new LinkedHashMap<>(env);
        daemonEnv.put("RORO_CLIENT_PRINT_SOCKET", "1");
        DaemonKey daemon = DaemonKey.of(daemonEnv, project, jar, java.toRealPath().toString());
        assertThat(pythonSocket(env, project, jar, java.toString())).isEqualTo(daemon.socket().toString());

        env.put("DOCKER_HOST", "tcp://127.0.0.1:2375");
        assertThat(pythonSocket(env, project, jar, java.toString())).isNotEqualTo(daemon.socket().toString());
    }
}
