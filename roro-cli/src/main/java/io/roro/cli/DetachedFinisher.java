package io.roro.cli;

import io.roro.core.lineage.database.SharedStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What sees a detached training to its end when nobody asks: a process of its own, started by
 * {@code roro train --detach}, that runs {@code roro train status ID --wait} (records the end, publishes the output,
 * and with {@code --serve} puts the version behind the task's {@code serve:}). It outlives the command that
 * started it, a terminal's Ctrl-C and a Jenkins step's process killer; its output is kept in
 * {@code RORO_HOME/finishers/}. Another reader finishing it first (a {@code train status}, the Jenkins step) is
 * fine: the end is recorded once, and the finisher then reports it.
 */
final class DetachedFinisher {
    private DetachedFinisher() {
    }

    /** Starts the finisher of {@code trainingId}; its log file. */
    /** @param targetArguments the target's settings typed on the command that started it ({@code --namespace ml}) */
    static Path spawn(String trainingId, Path projectDir, String target, List<String> targetArguments,
            boolean serve) {
        Path dir = LineageAccess.home().resolve("finishers");
        Path log = dir.resolve(trainingId.replace(':', '_') + ".log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // a session of its own: the terminal's Ctrl-C does not reach it
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the full JIT: it publishes the training's output, hashed at C2's speed (see bin/roro)
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "status", trainingId, "--wait", "-C", projectDir.toString(),
                "--target", target));
        command.addAll(targetArguments);
        if (serve) {
            command.add("--serve");
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .directory(projectDir.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(LineageAccess.environment()); // the command's, not a resident roro's own
            env.keySet().removeAll(SharedStore.JENKINS_COOKIES); // Jenkins would kill it with the step
            builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start what finishes " + trainingId + " (roro train status "
                    + trainingId + " does it when asked): " + e.getMessage(), e);
        }
        return log;
    }
}
