package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.LineageIds;
import io.roro.core.secrets.SecretMask;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.platform.TrainingExit;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.TrainingLaunch;
import io.roro.core.platform.TrainingRuntime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trainings in containers of the project image on this engine: inputs (dataset, pretrained version) downloaded into
 * the training's work directory and mounted read-only, output in {@code work/output}, the host's network (or none: roro.yml's {@code network:}), the
 * profile's limits, the project's config vars. The handle is saved as {@code handle.json} in the work directory,
 * so another process (Jenkins' nhaTrain polling) follows the same training.
 */
final class DockerTrainings implements TrainingRuntime {
    private static final Logger LOG = Logger.getLogger(DockerTrainings.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module());

    private final DockerCli docker;
    private final Supplier<ArtifactStore> artifacts;
    private final Path roroHome;
    private final Path workRoot;
    private final Function<String, SecretMask> masks;

    /**
     * @param masks a project's config var values, masked in the log kept on disk (what is printed or shown,
     *              the live log included, is masked by the train operation)
     */
    DockerTrainings(DockerCli docker, Supplier<ArtifactStore> artifacts, Path roroHome,
            Function<String, SecretMask> masks) {
        this.docker = docker;
        this.artifacts = artifacts;
        this.roroHome = roroHome;
        this.workRoot = roroHome.resolve("work");
        this.masks = masks;
    }

    private SecretMask maskOf(TrainingHandle handle) {
        return masks.apply(LineageIds.split(handle.trainingId(), "training")[0]);
    }

    /** Asked in a throw-away container of the image, without network: what its shell finds on its PATH. */
    @Override
    public Optional<String> missingProgram(BuildVersion build, String program) {
        CommandResult found = docker.run(List.of("run", "--rm", "--network", "none", "--entrypoint", "sh",
                build.image(), "-c", "command -v \"$1\" >/dev/null", "sh", program), 60);
        return found.ok() ? Optional.empty() : Optional.of("no command " + program
                + " in the project image " + build.image() + " (add it with requirements.txt, or build:"
                + " {dockerfile: ...} in roro.yml)");
    }

    /** By the image ID lineage recorded: a pruned image, or a tag moved to another build since, is said so. */
    @Override
    public Optional<String> imageProblem(BuildVersion build) {
        CommandResult inspected = docker.run(List.of("image", "inspect", "-f", "{{.Id}}", build.image()), 30);
        if (!inspected.ok()) {
            return Optional.of("its image " + build.image() + " is no longer on this engine (pruned?)");
        }
        String now = inspected.stdout().trim();
        return now.equals(build.imageId()) ? Optional.empty() : Optional.of("its tag " + build.image()
                + " now names another image (" + now + "; recorded " + build.imageId() + ")");
    }

    @Override
    public TrainingHandle start(TrainingLaunch launch, Consumer<String> log) {
        TrainingRun training = launch.training();
        EngineCapacity.of(docker).ifPresent(engine -> engine.check(launch.profile(), "training " + training.id()));
        String project = training.project();
        Path work = workRoot.resolve(project).resolve(training.name());
        String container = container(project, training.name());
        TrainingHandle handle = new TrainingHandle(training.id(), container, Optional.of(work),
                launch.profile().name(), launch.profile().limits().memory(), launch.task().model(),
                launch.dataset().map(d -> d.id()), launch.pretrained().map(v -> v.id()), launch.publish(),
                training.origin().user());
        try {
            Path output = Files.createDirectories(work.resolve("output"));
            Path data = Files.createDirectories(work.resolve("data"));
            Optional<Path> pretrainedDir = Optional.empty();
            launch.dataset().ifPresent(d -> download(d.files(), data));
            if (launch.pretrained().isPresent()) {
                Path dir = Files.createDirectories(work.resolve("pretrained"));
                download(launch.pretrained().get().files(), dir);
                pretrainedDir = Optional.of(dir);
            }
            openUp(work);
            // the host's network, as a laptop's Python and a pod have one; roro.yml's network: none for isolation
            List<String> run = new ArrayList<>(List.of("run", "-d", "--name", container, "--network",
                    launch.task().network() ? "host" : "none",
                    "--label", "io.roro.project=" + project, "--label", "io.roro.training=" + training.name(),
                    "-v", output.toAbsolutePath() + ":/output", "-v", data.toAbsolutePath() + ":/data:ro"));
            pretrainedDir.ifPresent(dir -> run.addAll(List.of("-v", dir.toAbsolutePath() + ":/pretrained:ro")));
            RuntimeEnvironment.training(launch.task(), launch.params(), launch.dataset().map(d -> d.id()),
                    pretrainedDir.map(dir -> "/pretrained"))
                    .forEach((variable, value) -> run.addAll(List.of("-e", variable + "=" + value)));
            run.addAll(ContainerLimits.flags(launch.profile()));
            run.addAll(BackendRun.envFileFlags(roroHome, project));
            run.addAll(List.of(launch.build().image(), "python3", "-m", "roro_runtime.train"));
            JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve("handle.json").toFile(), handle);
            docker.check(run);
            log.accept("training " + training.id() + " started (" + container + ")");
            return handle;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the training: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            docker.run(List.of("rm", "-f", container), 60);
            throw e;
        }
    }

    @Override
    public TrainingHandle attach(TrainingRun run) {
        Path file = workRoot.resolve(run.project()).resolve(run.name()).resolve("handle.json");
        try {
            return JSON.readValue(file.toFile(), TrainingHandle.class);
        } catch (IOException e) {
            throw new PlatformException("no training " + run.id() + " was started from " + workRoot + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public TrainingExit follow(TrainingHandle handle, Consumer<String> lines) {
        Path logFile = workDir(handle).resolve("training.log");
        SecretMask mask = maskOf(handle);
        try (BufferedWriter out = Files.newBufferedWriter(logFile)) {
            docker.stream(List.of("logs", "-f", handle.container()), line -> {
                lines.accept(line);
                try {
                    out.write(mask.apply(line));
                    out.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot follow the training: " + e.getMessage(), e);
        }
        docker.check(List.of("wait", handle.container()));
        return exit(handle);
    }

    @Override
    public Optional<TrainingExit> poll(TrainingHandle handle, Consumer<String> lines) {
        String state = docker.run(List.of("inspect", "-f", "{{.State.Running}}", handle.container()), 30)
                .stdout().trim();
        CommandResult logs = docker.run(List.of("logs", handle.container()), 120);
        (logs.stdout() + "\n" + logs.stderr()).lines().forEach(lines);
        if (state.equals("true")) {
            return Optional.empty();
        }
        if (state.isEmpty()) {
            return Optional.of(new TrainingExit(TrainingExit.Outcome.GONE, "its container " + handle.container()
                    + " is gone", Optional.empty(), Optional.empty()));
        }
        try {
            Files.writeString(workDir(handle).resolve("training.log"), maskOf(handle).apply(logs.stdout()
                    + logs.stderr()));
        } catch (IOException e) {
            // the log is kept below if it could be written
            LOG.log(Level.WARNING, "cannot keep the log of training " + handle.trainingId(), e);
        }
        return Optional.of(exit(handle));
    }

    @Override
    public void cancel(TrainingHandle handle) {
        docker.run(List.of("rm", "-f", handle.container()), 60);
    }

    @Override
    public boolean liveLog(TrainingRun run, Consumer<String> lines) {
        String container = container(run.project(), run.name());
        try {
            if (run.state().isFinal() || !docker.run(List.of("inspect", container), 30).ok()) {
                return false;
            }
            docker.stream(List.of("logs", container), lines);
            return true;
        } catch (DockerException e) {
            return false; // no engine here: the training runs elsewhere
        }
    }

    /** The end of a training whose container has exited: exit code, out of memory, the last error line. */
    private TrainingExit exit(TrainingHandle handle) {
        String container = handle.container();
        String exit = docker.run(List.of("inspect", "-f", "{{.State.ExitCode}}", container), 30).stdout().trim();
        String oom = docker.run(List.of("inspect", "-f", "{{.State.OOMKilled}}", container), 30).stdout().trim();
        // docker logs keeps the container's stderr on its own stderr: the error, not the last print
        Optional<String> lastError = lastLine(docker.run(List.of("logs", "--tail", "50", container), 60));
        docker.run(List.of("rm", "-f", container), 60);
        Path work = workDir(handle);
        Path logFile = work.resolve("training.log");
        Optional<TrainingExit.Log> log = Files.isRegularFile(logFile) ? Optional.of(TrainingExit.Log.of(logFile))
                : Optional.empty();
        if ("true".equals(oom)) {
            return new TrainingExit(TrainingExit.Outcome.OUT_OF_MEMORY, "killed: out of memory (limit "
                    + handle.memoryLimit().orElse("none") + ")", Optional.empty(), log);
        }
        if (!exit.equals("0")) {
            return exit.matches("\\d+") ? TrainingExit.exited(Integer.parseInt(exit), lastError, log)
                    : TrainingExit.failed("the container's exit code is unknown (" + exit + ")", log);
        }
        return new TrainingExit(TrainingExit.Outcome.SUCCEEDED, "", Optional.of(work.resolve("output")), log);
    }

    private Path workDir(TrainingHandle handle) {
        return handle.workDir().orElseThrow(() -> new PlatformException("training " + handle.trainingId()
                + " has no work directory on this machine"));
    }

    /** The container a training of this home runs in on this engine. */
    private String container(String project, String trainingName) {
        return containerName(roroHome, project, trainingName);
    }

    /**
     * Unique per roro home and training: the readable part alone is the same for project {@code cola} task
     * {@code b-t} and project {@code cola-b} task {@code t}, or for one project's first training in two homes (two
     * users, two Jenkins homes), and a second start would remove the first one's container.
     */
    static String containerName(Path roroHome, String project, String trainingName) {
        return "roro-train-" + project + "-" + trainingName + "-"
                + Backends.scope(roroHome.resolve("trainings").resolve(project).resolve(trainingName));
    }

    private void download(List<StoredFile> files, Path dir) {
        Inputs.fetch(artifacts, files, dir, "the training's");
    }

    /** The container runs as an unprivileged user: it must be able to write the output and read the inputs. */
    private static void openUp(Path work) throws IOException {
        try (var paths = Files.walk(work)) {
            for (Path p : paths.toList()) {
                p.toFile().setReadable(true, false);
                p.toFile().setWritable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static Optional<String> lastLine(CommandResult logs) {
        String tail = logs.tail(1).strip();
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tail.length() > 300 ? tail.substring(0, 300) + "..." : tail);
    }
}
