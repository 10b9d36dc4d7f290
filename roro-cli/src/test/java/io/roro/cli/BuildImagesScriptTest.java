package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/build-images.sh with a docker that cannot pull the CUDA base: the other images are still built and each
 * pushed as soon as it is, the end says what failed, and the exit status says so; --skip leaves an image out.
 * Against a stand-in docker on PATH (no registry here), which records what it is asked.
 */
class BuildImagesScriptTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err, List<String> calls) {
    }

    private Run run(String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("calls");
        Files.deleteIfExists(calls);
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\necho \"$*\" >> " + calls + "\n"
                + "case \"$*\" in *roro-runtime-gpu*) [ \"$1\" = build ] && { echo 'pull access denied for"
                + " nvidia/cuda' >&2; exit 1; } ;; esac\nexit 0\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("bash", "scripts/build-images.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("..").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("RORO_SKIP_PACKAGE", "1");
        Process p = builder.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), err, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    @Test
    void aBaseThatCannotBePulledStopsOnlyItsOwnImage() throws Exception {
        Run run = run("registry.example.com/ml");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.calls()).anySatisfy(c -> assertThat(c).startsWith("push registry.example.com/ml/roro-agent:"))
                .anySatisfy(c -> assertThat(c).startsWith("push registry.example.com/ml/roro-runtime-python:"))
                .noneSatisfy(c -> assertThat(c).startsWith("push registry.example.com/ml/roro-runtime-gpu:"));
        // each pushed as soon as it is built: the runtime's push comes before the agent's build
        int runtimePush = indexOf(run.calls(), "push registry.example.com/ml/roro-runtime-python");
        int agentBuild = indexOf(run.calls(), "build -q -f agent-images/agent/Dockerfile");
        assertThat(runtimePush).isLessThan(agentBuild);
        assertThat(run.err()).contains("failed: runtime-gpu (build)").contains("pushed: runtime-python,agent");
    }

    @Test
    void skipLeavesAnImageOut() throws Exception {
        Run run = run("--skip", "runtime-gpu", "registry.example.com/ml");
        assertThat(run.exit()).isZero();
        assertThat(run.calls()).noneSatisfy(c -> assertThat(c).contains("roro-runtime-gpu"));
        assertThat(run.err()).contains("skipped: runtime-gpu (--skip)").contains("failed: none");
    }

    private static int indexOf(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
