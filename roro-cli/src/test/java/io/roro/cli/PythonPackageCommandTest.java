package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro python-package` writes roro_runtime as a wheel: a project's `python3 train.py` runs with it outside any
 * container (its params, progress, metrics and model file as in a training), which failed before with "No module
 * named 'roro_runtime'". The wheel is put on the path as pip would install a pure-Python wheel's files.
 */
class PythonPackageCommandTest {
    @TempDir
    Path dir;

    @Test
    void aProjectsTrainPyRunsOnALaptopWithTheWheel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3");
        CliRun written = CliRun.of("python-package", dir.resolve("dist").toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        Path wheel = Path.of(written.out().strip());
        assertThat(wheel.getFileName().toString()).matches("roro_runtime-[0-9][0-9A-Za-z.]*-py3-none-any\\.whl");
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            zip.stream().forEach(e -> entries.add(e.getName()));
        }
        assertThat(entries).contains("roro_runtime/__init__.py", "roro_runtime/project.py")
                .anyMatch(e -> e.endsWith(".dist-info/RECORD")).anyMatch(e -> e.endsWith(".dist-info/METADATA"));

        Path project = Files.createDirectories(dir.resolve("laptop"));
        Files.writeString(project.resolve("train.py"), "from roro_runtime import project\n"
                + "p = project.params(n=3)\nproject.progress(0.5)\nproject.metrics(score=p['n'] * 2)\n"
                + "print('saved', project.save({'n': p['n']}, 'model.pkl'))\n");
        String without = python(project, null);
        String said = python(project, wheel);
        assertThat(said).contains("roro:metrics").contains("score").contains("saved output/model.pkl");
        assertThat(project.resolve("output/model.pkl")).exists();
        assertThat(without).as("without the wheel").contains("No module named 'roro_runtime'");
    }

    /** `python3 train.py` in {@code project}, with {@code wheel} on the path; what it printed (exit 0 with it). */
    private static String python(Path project, Path wheel) throws Exception {
        ProcessBuilder run = new ProcessBuilder("/usr/bin/python3", "train.py").directory(project.toFile())
                .redirectErrorStream(true);
        run.environment().keySet().removeIf(name -> name.startsWith("RORO_") || name.equals("PYTHONPATH"));
        if (wheel != null) {
            run.environment().put("PYTHONPATH", wheel.toString()); // a pure wheel imports as it installs
        }
        Process python = run.start();
        String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (wheel != null) {
            assertThat(python.exitValue()).as(said).isZero();
        }
        return said;
    }
}
