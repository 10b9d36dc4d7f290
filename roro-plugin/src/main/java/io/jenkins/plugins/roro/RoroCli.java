package io.jenkins.plugins.roro;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.roro.core.RoroVersion;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.CommandJsonException;
import io.roro.core.contract.VersionInfo;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs the {@code roro} command on the step's agent, through the step's Launcher (so {@code container(...)} and
 * {@code withDockerContainer} apply), in the workspace, with lineage settings passed as environment. Its JSON
 * answer is read as the core's record the command printed (io.roro.core.contract); its progress goes to the build
 * log. All behaviour is in roro-core behind the CLI.
 */
final class RoroCli {
    private static final ObjectMapper JSON = CommandJson.mapper();

    /** What the command answered: its exit code and the JSON it printed. */
    record Answer(int exitCode, String json) {
        /** The answer as the record the command printed; a different shape fails the step, saying so. */
        <T> T as(Class<T> type) throws AbortException {
            try {
                return CommandJson.read(json, type);
            } catch (CommandJsonException e) {
                throw new AbortException(e.getMessage() + " (exit " + exitCode + "; see the log above)");
            }
        }
    }

    private RoroCli() {
    }

    /** Runs {@code roro ARGS --json}; a non-zero exit fails the step with the command's own explanation. */
    static Answer run(StepContext context, List<String> args) throws IOException, InterruptedException {
        Answer answer = call(context, args);
        if (answer.exitCode() != 0) {
            throw new AbortException("roro " + String.join(" ", args) + " failed (exit " + answer.exitCode()
                    + "); see the log above");
        }
        return answer;
    }

    /** Runs {@code roro ARGS --json} and returns the exit code with whatever JSON it printed. */
    static Answer call(StepContext context, List<String> args) throws IOException, InterruptedException {
        Launcher launcher = context.get(Launcher.class);
        FilePath workspace = context.get(FilePath.class);
        TaskListener listener = context.get(TaskListener.class);
        Run<?, ?> run = context.get(Run.class);
        Computer computer = context.get(Computer.class);
        String node = computer == null ? "" : computer.getName(); // "" is the built-in node
        try (StepEnvironment roro = StepEnvironment.of(RoroConfiguration.get(), run, node, workspace)) {
            EnvVars env = new EnvVars(context.get(EnvVars.class));
            env.putAll(roro.variables());
            if (!CheckedRoroCommands.isChecked(run, node)) {
                // the steps read the command's JSON as the core's records of this plugin's version
                Answer version = launch(launcher, workspace, env, listener, List.of("version"));
                String theirs = version.exitCode() == 0 ? version.as(VersionInfo.class).version() : "unknown";
                Optional<String> mismatch = RoroVersion.mismatch(RoroVersion.get(), theirs, "the roro command on "
                        + (node.isEmpty() ? "the built-in node" : node) + " ("
                        + RoroConfiguration.get().getRoroCommand() + ")");
                if (version.exitCode() != 0 || mismatch.isPresent()) {
                    throw new AbortException(mismatch.orElse("`" + RoroConfiguration.get().getRoroCommand()
                            + " version` failed (exit " + version.exitCode() + ")"));
                }
                CheckedRoroCommands.markChecked(run, node);
            }
            listener.getLogger().println("roro " + String.join(" ", args));
            return launch(launcher, workspace, env, listener, args);
        }
    }

    private static Answer launch(Launcher launcher, FilePath workspace, EnvVars env, TaskListener listener,
            List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(RoroConfiguration.get().getRoroCommand());
        // --json is roro's option: before a "--" that ends them (roro run -- COMMAND), else at the end
        int separator = args.indexOf("--");
        command.addAll(separator < 0 ? args : args.subList(0, separator));
        command.add("--json");
        if (separator >= 0) {
            command.addAll(args.subList(separator, args.size()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = launcher.launch().cmds(command).envs(env).pwd(workspace).stdout(out)
                .stderr(listener.getLogger()).quiet(true).join();
        return new Answer(code, out.toString(StandardCharsets.UTF_8).trim());
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
