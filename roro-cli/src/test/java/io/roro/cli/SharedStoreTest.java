package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.roro.cli.invocation.Invocation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store is never a lock-out: while a long command holds lineage in another process, ps, versions and
 * publish run; concurrent publishers are all served, and no two get the same version.
 */
class SharedStoreTest {
    @TempDir
    Path dir;
    private Invocation.Scope saved;
    private Path project;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
                home = dir.resolve("home");
        saved = TestHome.use(home);
        project = ValidateCommandTest.copyExample(dir);
        Files.createDirectories(project.resolve("out"));
        Files.writeString(project.resolve("out/model.pkl"), "weights");
    }

    @AfterEach
    void tearDown() {
        saved.close();
    }

    private CliRun publish() {
        return CliRun.of("publish", "--project", project.toString(), "--model", "credit-model", "--path",
                project.resolve("out").toString());
    }

    @Test
    void commandsRunWhileAnotherProcessHoldsLineageAndConcurrentPublishersAllSucceed() throws Exception {
        assertThat(publish().exitCode()).isZero();
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLineage.class.getName(), "20")
                .redirectErrorStream(true);
        child.environment().put("RORO_HOME", home.toString());
        Process holder = child.start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        assertThat(output.readLine()).isEqualTo("holding lineage");
        try {
            CliRun ps = CliRun.of("ps", "-C", project.toString());
            assertThat(ps.exitCode()).as(ps.err()).isZero();
            CliRun versions = CliRun.of("versions", "--model", "credit-model");
            assertThat(versions.exitCode()).as(versions.err()).isZero();
            assertThat(versions.out()).contains("credit-model:v1");

            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<CliRun>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                runs.add(pool.submit((Callable<CliRun>) this::publish));
            }
            List<String> published = new ArrayList<>();
            for (Future<CliRun> run : runs) {
                CliRun done = run.get(120, TimeUnit.SECONDS);
                assertThat(done.exitCode()).as(done.err()).isZero();
                published.add(done.out().replaceAll("(?s)^published (\\S+) .*", "$1"));
            }
            pool.shutdown();
            assertThat(published).doesNotHaveDuplicates().hasSize(20);
            assertThat(holder.isAlive()).as("the long command still runs").isTrue();
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        CliRun all = CliRun.of("versions", "--model", "credit-model", "--limit", "100");
        assertThat(all.out().lines().filter(l -> l.startsWith("credit-model:v"))).hasSize(21);
    }
}
