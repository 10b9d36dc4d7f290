package io.roro.core.platform.local;

import io.roro.core.artifacts.ArtifactRef;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.BuildVersion;
import io.roro.core.secrets.SecretMask;
import io.roro.core.contract.StoredFile;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.platform.TrainingExit;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.TrainingLaunch;
import io.roro.core.platform.TrainingRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Trainings as processes of this machine in the project's Python environment, told what a container is told
 * ({@link RuntimeEnvironment}) with the paths of their work directory: inputs downloaded into it, output in
 * {@code work/output}. A training runs in a session of its own and writes its exit code when it ends, so it runs
 * on when roro stops and another process (Jenkins polling) follows it from {@code handle.json}. What a process
 * cannot be given here (a GPU, a memory limit, no network) is refused before it starts.
 */
final class LocalTrainings implements TrainingRuntime {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());
    private static final String RAW_LOG = "process.log";
    private static final String KEPT_LOG = "training.log";
    private static final String EXIT = "exit";

    private final LocalSettings settings;
    private final Supplier<ArtifactStore> artifacts;

    LocalTrainings(LocalSettings settings, Supplier<ArtifactStore> artifacts) {
        this.settings = settings;
        this.artifacts = artifacts;
    }

    @Override
    public Optional<String> missingProgram(BuildVersion build, String program) {
        LocalBuild local = LocalBuild.of(build);
        String path = local.environment(settings).get("PATH");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return Optional.empty();
            }
        }
        return Optional.of("no command " + program + " on this machine or in the project's Python environment"
                + " (add it with requirements.txt, or install it here)");
    }

    @Override
    public Optional<String> imageProblem(BuildVersion build) {
        try {
            LocalBuild.of(build);
            return Optional.empty();
        } catch (PlatformException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public TrainingHandle start(TrainingLaunch launch, Consumer<String> log) {
        TrainingRun training = launch.training();
        refuseWhatAProcessCannotHave(launch);
        LocalBuild build = LocalBuild.of(launch.build());
        Path work = settings.work(training.project()).resolve(training.name());
        TrainingHandle handle;
        try {
            Files.createDirectories(work);
            Path output = Files.createDirectories(work.resolve("output"));
            Path data = Files.createDirectories(work.resolve("data"));
            Path model = Files.createDirectories(work.resolve("model"));
            launch.dataset().ifPresent(d -> download(d.files(), data));
            Optional<String> pretrained = Optional.empty();
            if (launch.pretrained().isPresent()) {
                Path dir = Files.createDirectories(work.resolve("pretrained"));
                download(launch.pretrained().get().files(), dir);
                pretrained = Optional.of(dir.toString());
            }
            Map<String, String> env = build.environment(settings);
            env.putAll(HomeConfigVars.of(settings.roroHome(), training.project()).values());
            RuntimeEnvironment.training(launch.task(), launch.params(), launch.dataset().map(d -> d.id()), pretrained)
                    .at(new RuntimeEnvironment.Paths(build.app().toString(), model.toString(), output.toString(),
                            data.toString()))
                    .with("RORO_WORK_DIR", work.toString()).forEach(env::put);
            // the exit code is written when the training ends, whoever waits for it then (or nobody)
            List<String> command = new ArrayList<>(List.of("sh", "-c", "exit_file=$1; shift; \"$@\"; code=$?;"
                    + " echo $code > \"$exit_file.tmp\" && mv \"$exit_file.tmp\" \"$exit_file\"", "sh",
                    work.resolve(EXIT).toString()));
            command.addAll(ProcessLimits.held(launch.profile(), List.of(build.python(), "-m", "roro_runtime.train"),
                    log));
            LocalProcess process = LocalProcess.start(command, build.app(), env, work.resolve(RAW_LOG));
            handle = new TrainingHandle(training.id(), process.id(), Optional.of(work), launch.profile().name(),
                    launch.profile().limits().memory(), launch.task().model(), launch.dataset().map(d -> d.id()),
                    launch.pretrained().map(v -> v.id()), launch.publish(), training.origin().user());
            JSON.writerWithDefaultPrettyPrinter().writeValue(work.resolve("handle.json").toFile(), handle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the training: " + e.getMessage(), e);
        }
        log.accept("training " + training.id() + " started (process " + handle.container() + ")");
        return handle;
    }

    private static void refuseWhatAProcessCannotHave(TrainingLaunch launch) {
        ProcessLimits.refuseWhatCannotBeGiven(launch.profile(), "training " + launch.training().id());
        if (!launch.task().network()) {
            throw new PlatformException("task " + launch.task().name() + " has network: none: a local process"
                    + " cannot be cut off the network; use --target docker");
        }
    }

    @Override
    public TrainingHandle attach(TrainingRun run) {
        Path file = settings.work(run.project()).resolve(run.name()).resolve("handle.json");
        try {
            return JSON.readValue(file.toFile(), TrainingHandle.class);
        } catch (IOException e) {
            throw new PlatformException("no training " + run.id() + " was started from " + settings.roroHome() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public TrainingExit follow(TrainingHandle handle, Consumer<String> lines) {
        Path work = workDir(handle);
        LogTail tail = new LogTail(work.resolve(RAW_LOG));
        while (!Files.exists(work.resolve(EXIT)) && LocalProcess.parse(handle.container()).alive()) {
            tail.read(lines);
            sleep(100);
        }
        tail.read(lines);
        return exit(handle, work);
    }

    @Override
    public Optional<TrainingExit> poll(TrainingHandle handle, Consumer<String> lines) {
        Path work = workDir(handle);
        new LogTail(work.resolve(RAW_LOG)).read(lines);
        if (!Files.exists(work.resolve(EXIT)) && LocalProcess.parse(handle.container()).alive()) {
            return Optional.empty();
        }
        return Optional.of(exit(handle, work));
    }

    @Override
    public void cancel(TrainingHandle handle) {
        LocalProcess.parse(handle.container()).stop(5_000);
    }

    @Override
    public boolean liveLog(TrainingRun run, Consumer<String> lines) {
        Path work = settings.work(run.project()).resolve(run.name());
        if (run.state().isFinal() || !Files.isRegularFile(work.resolve(RAW_LOG))) {
            return false;
        }
        new LogTail(work.resolve(RAW_LOG)).read(lines);
        return true;
    }

    /**
     * How it ended: its exit code (a process gone without one was killed), the last line it printed; its log kept
     * with the project's config var values masked, the unmasked one removed.
     */
    private TrainingExit exit(TrainingHandle handle, Path work) {
        Path raw = work.resolve(RAW_LOG);
        Path kept = work.resolve(KEPT_LOG);
        Optional<String> lastLine = Optional.empty();
        try {
            if (Files.exists(raw)) {
                String text = Files.readString(raw, StandardCharsets.UTF_8);
                String project = handle.trainingId().split(":", 2)[0];
                SecretMask mask = HomeConfigVars.of(settings.roroHome(), project).mask();
                Files.writeString(kept, mask.apply(text), StandardCharsets.UTF_8);
                Files.delete(raw);
                lastLine = text.strip().lines().reduce((a, b) -> b).map(mask::apply)
                        .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l);
            }
            Optional<TrainingExit.Log> log = Files.isRegularFile(kept) ? Optional.of(TrainingExit.Log.of(kept))
                    : Optional.empty();
            Path exit = work.resolve(EXIT);
            if (!Files.exists(exit)) {
                return new TrainingExit(TrainingExit.Outcome.GONE, "its process " + handle.container()
                        + " ended without an exit code (killed)", Optional.empty(), log);
            }
            int code = Integer.parseInt(Files.readString(exit).strip());
            if (code != 0 && lastLine.filter(ProcessLimits::outOfMemory).isPresent()) {
                return new TrainingExit(TrainingExit.Outcome.OUT_OF_MEMORY, "killed: out of memory (limit "
                        + handle.memoryLimit().orElse("none") + ")", Optional.empty(), log);
            }
            if (code != 0) {
                return TrainingExit.exited(code, lastLine, log);
            }
            return new TrainingExit(TrainingExit.Outcome.SUCCEEDED, "", Optional.of(work.resolve("output")), log);
        } catch (IOException | NumberFormatException e) {
            throw new PlatformException("cannot read how training " + handle.trainingId() + " ended: "
                    + e.getMessage(), e);
        }
    }

    private static Path workDir(TrainingHandle handle) {
        return handle.workDir().orElseThrow(() -> new PlatformException("training " + handle.trainingId()
                + " has no work directory on this machine"));
    }

    private void download(List<StoredFile> files, Path dir) {
        try {
            artifacts.get().getAll(files.stream().map(ArtifactRef::of).toList(), dir);
        } catch (IOException e) {
            throw new PlatformException("cannot fetch the training's inputs: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while following the training", e);
        }
    }
}
