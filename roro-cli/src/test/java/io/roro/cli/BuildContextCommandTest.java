package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context a Kaniko Job builds: the project, roro's Dockerfile on the given runtime image, no Docker needed. */
class BuildContextCommandTest {
    @Test
    void stagesTheProjectWithRorosDockerfile(@TempDir Path dir) throws Exception {
        Path project = ValidateCommandTest.copyExample(dir);
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/credit.csv"), "big data, not for the image");
        Path context = dir.resolve("context");
        CliRun run = CliRun.of("build-context", "-C", project.toString(), "--to", context.toString(),
                "--runtime-image", "registry.example.com/roro/runtime-python:abc");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().trim()).matches("[0-9a-f]{64}");
        String dockerfile = Files.readString(context.resolve(".roro.Dockerfile"));
        assertThat(dockerfile).startsWith("FROM registry.example.com/roro/runtime-python:abc\n")
                .contains("COPY requirements.txt /tmp/roro-requirements.txt\n").contains("COPY . /app/\n");
        assertThat(context.resolve("predict.py")).exists();
        assertThat(context.resolve("data")).doesNotExist();
        // the same tree stages to the same hash: the image tag is stable
        CliRun again = CliRun.of("build-context", "-C", project.toString(), "--to", dir.resolve("again").toString(),
                "--runtime-image", "registry.example.com/roro/runtime-python:abc");
        assertThat(again.out()).isEqualTo(run.out());
    }
}
