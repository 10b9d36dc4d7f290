package io.roro.core.platform.docker;

import io.roro.core.Futures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The docker command line, the same way docker-workflow drives it on Jenkins: {@code DOCKER_HOST} and the usual
 * docker configuration apply. Arguments are passed as a list, never through a shell.
 */
public final class DockerCli {
    private final String executable;
    /** The command's environment, given to every docker process (DOCKER_HOST, DOCKER_CONFIG, ...). */
    private final Map<String, String> environment;
    /** The engine's own socket for reads, where this command line talks to one (see EngineSocket). */
    private final Optional<EngineSocket> engine;
    /** The log bound of every container run here (ContainerLogs), once the engine has been asked its driver. */
    private volatile List<String> logFlags;

    /** With this process's environment. */
    public DockerCli() {
        this(System.getenv());
    }

    /** The docker of {@code environment}: RORO_DOCKER (default docker, looked up in its PATH), run with it. */
    public DockerCli(Map<String, String> environment) {
        this(environment.getOrDefault("RORO_DOCKER", "docker"), environment);
    }

    public DockerCli(String executable, Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.executable = onPath(executable, this.environment.get("PATH"));
        this.engine = EngineSocket.of(executable, this.environment);
    }

    /** The engine's API on its socket, when reads can go there instead of through a docker process. */
    Optional<EngineSocket> engine() {
        return engine;
    }

    /**
     * A process of this docker's environment. Also for commands other than docker (a shell running several):
     * the JVM's own environment may be another one (the resident roro serves every environment of its user).
     */
    public ProcessBuilder process(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * A bare name found in the environment's PATH, as a shell would: Java looks a program up in its own PATH,
     * which need not be the command's.
     */
    private static String onPath(String executable, String path) {
        if (executable.contains("/") || path == null) {
            return executable;
        }
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, executable);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        return executable;
    }

    public String executable() {
        return executable;
    }

    /**
     * Whether the container {@code name} runs now (false when there is none): asked of the engine's socket where
     * it can be, else with {@code docker inspect}.
     */
    public boolean running(String name) {
        Optional<EngineSocket.Answer> answer = engine.flatMap(e -> e.get("/containers/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/json"));
        if (answer.isPresent() && answer.get().status() == 404) {
            return false;
        }
        if (answer.isPresent() && answer.get().ok()) {
            return answer.get().body().path("State").path("Running").asBoolean(false);
        }
        return "true".equals(run(List.of("inspect", "-f", "{{.State.Running}}", name), 30).stdout().trim());
    }

    /**
     * {@code docker run -d ...} ({@code args} start with {@code run}): on the engine's socket where it can be
     * (EngineRun), else as a docker process; the same result either way.
     */
    public CommandResult runDetached(List<String> args, long timeoutSeconds) {
        List<String> limited = bounded(args);
        return engine.flatMap(e -> EngineRun.run(e, limited)).orElseGet(() -> run(limited, timeoutSeconds));
    }

    /** {@code args}, when they run a container, with its log bounded as RORO_CONTAINER_LOGS says. */
    private List<String> bounded(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("run")) {
            return args;
        }
        List<String> flags = logFlags;
        if (flags == null) {
            ContainerLogs setting = ContainerLogs.of(environment);
            flags = setting.maxSize().isEmpty() ? List.of() : setting.flags(loggingDriver());
            logFlags = flags;
        }
        return ContainerLogs.into(args, flags);
    }

    /** The engine's default log driver ("json-file" unless its administrator chose another); "" if unknown. */
    private String loggingDriver() {
        Optional<String> viaSocket = engine.flatMap(e -> e.get("/info")).filter(EngineSocket.Answer::ok)
                .map(a -> a.body().path("LoggingDriver").asText(""));
        if (viaSocket.isPresent()) {
            return viaSocket.get();
        }
        CommandResult info = run(List.of("info", "--format", "{{.LoggingDriver}}"), 30);
        return info.ok() ? info.stdout().trim() : "";
    }

    /** Whether a Docker engine answers. */
    public boolean available() {
        try {
            return run(List.of("version", "--format", "{{.Server.Version}}"), 20).ok();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public CommandResult run(List<String> args) {
        return run(args, 3600);
    }

    public CommandResult run(List<String> args, long timeoutSeconds) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(bounded(args));
        try {
            Process process = process(command).start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CommandResult(124, out.getNow(""), "docker " + args.get(0) + " timed out after "
                        + timeoutSeconds + " s");
            }
            return new CommandResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running docker " + args.get(0), e);
        }
    }

    /** Runs and hands every output line (stdout and stderr) to {@code lines} as it comes. */
    public int stream(List<String> args, Consumer<String> lines) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(bounded(args));
        try {
            Process process = process(command).redirectErrorStream(true).start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.accept(line);
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running docker " + args.get(0), e);
        }
    }

    /** Runs and fails with the command's own error output when it fails. */
    public String check(List<String> args) {
        CommandResult result = run(args);
        if (!result.ok() && result.stderr().contains("Cannot connect to the Docker daemon")) {
            throw noEngine();
        }
        if (!result.ok()) {
            throw new DockerException("docker " + args.get(0) + " failed (exit " + result.exitCode() + "): "
                    + result.tail(15));
        }
        return result.stdout().trim();
    }

    /** What a command that needs the engine says when none answers, instead of its first docker call's failure. */
    DockerException noEngine() {
        return new DockerException("no Docker engine answers (is dockerd running? DOCKER_HOST="
                + environment.getOrDefault("DOCKER_HOST", "unset") + "); scripts/setup-docker.sh starts one");
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, Futures.background());
    }
}
