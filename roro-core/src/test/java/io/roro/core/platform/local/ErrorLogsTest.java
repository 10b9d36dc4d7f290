package io.roro.core.platform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local router's error log stays bounded: past its size it becomes error.log.1 and nginx, asked to reopen,
 * writes its next lines to a new error.log (a real nginx; skipped, visibly, without one).
 */
class ErrorLogsTest {
    @TempDir
    Path dir;
    private final String nginx = Optional.ofNullable(System.getenv("RORO_NGINX")).orElse("/usr/sbin/nginx");

    @AfterEach
    void stop() throws Exception {
        if (Files.exists(dir.resolve("nginx.pid"))) {
            run("-s", "quit");
        }
    }

    private void run(String... signal) throws Exception {
        List<String> command = new ArrayList<>(List.of(nginx, "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString()));
        command.addAll(List.of(signal));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void aLogPastItsSizeIsMovedAsideAndNginxWritesANewOne() throws Exception {
        boolean present = Files.isExecutable(Path.of(nginx));
        if (!present) {
            System.err.println("SKIPPED ErrorLogsTest: no nginx (Debian: nginx-light)");
        }
        assumeTrue(present, "no nginx");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("nginx.conf"), """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log error;
                %3$s
                events {}
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp;
                  proxy_temp_path %1$s/tmp;
                  fastcgi_temp_path %1$s/tmp;
                  uwsgi_temp_path %1$s/tmp;
                  scgi_temp_path %1$s/tmp;
                  server { listen 127.0.0.1:%2$d; root %1$s/www; }
                }
                """.formatted(dir, port, "root".equals(System.getProperty("user.name")) ? "user root;" : ""));
        run();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest missing = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/missing")).build();
        http.send(missing, HttpResponse.BodyHandlers.discarding()); // "open() ... failed": an error line
        Path log = dir.resolve("error.log");
        Files.write(log, new byte[2048], StandardOpenOption.APPEND); // as months of lines would

        assertThat(ErrorLogs.rotate(log, 1024, () -> {
            try {
                run("-s", "reopen");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).isTrue();
        assertThat(dir.resolve("error.log.1")).exists();
        http.send(missing, HttpResponse.BodyHandlers.discarding());
        waitForLine(log);
        assertThat(Files.readString(log)).contains("/missing").hasSizeLessThan(1024);
        assertThat(ErrorLogs.rotate(log, 1024, () -> { })).as("under its size: left alone").isFalse();
    }

    private static void waitForLine(Path log) throws IOException, InterruptedException {
        for (int i = 0; i < 100 && (!Files.exists(log) || Files.size(log) == 0); i++) {
            Thread.sleep(20);
        }
    }
}
