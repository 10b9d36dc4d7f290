package io.roro.core.platform.kubernetes;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.TrainingExit;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.platform.TrainingLaunch;
import io.roro.core.platform.TrainingRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Trainings as Jobs ({@link TrainingJobs}): init containers fetch the inputs, the task runs, and the Job's last
 * step records the training's end and publishes its output itself ({@code roro train finish}). From outside, a Job
 * is followed by polling it: a failed Job is a failed training with Kubernetes' reason and the pod's log.
 */
final class KubernetesTrainings implements TrainingRuntime {
    private static final Logger LOG = Logger.getLogger(KubernetesTrainings.class.getName());

    private final KubernetesDeployer deployer;
    private final KubernetesSettings settings;
    private final Function<BuildVersion, String> imageFor;
    private final Duration pollInterval;

    KubernetesTrainings(KubernetesDeployer deployer, KubernetesSettings settings,
            Function<BuildVersion, String> imageFor, Duration pollInterval) {
        this.deployer = deployer;
        this.settings = settings;
        this.imageFor = imageFor;
        this.pollInterval = pollInterval;
    }

    @Override
    public TrainingHandle start(TrainingLaunch launch, Consumer<String> log) {
        TrainingRun training = launch.training();
        String job = jobName(training);
        if (!launch.task().network()) {
            // a pod's network is the cluster's: cutting it is a NetworkPolicy the administrator owns, not a flag
            throw new PlatformException("task " + launch.task().name() + " says network: none,"
                    + " which only the Docker target gives; on Kubernetes a NetworkPolicy of the namespace does it");
        }
        try {
            deployer.startJob(TrainingJobs.job(settings, training.project(), training.name(), launch.task(),
                    imageFor.apply(launch.build()), launch.build().id(), launch.profile(), launch.params(),
                    launch.dataset().map(d -> d.id()), launch.pretrained().map(v -> v.id())));
        } catch (RuntimeException e) {
            throw new PlatformException("cannot create its Job: " + e.getMessage(), e);
        }
        log.accept("training " + training.id() + " runs as the Job " + job + " in namespace "
                + settings.namespace());
        return handle(training, launch.profile().limits().memory(), launch.pretrained().map(v -> v.id()),
                launch.publish());
    }

    @Override
    public TrainingHandle attach(TrainingRun run) {
        return handle(run, Optional.empty(), Optional.empty(), true);
    }

    private TrainingHandle handle(TrainingRun run, Optional<String> memoryLimit, Optional<String> pretrained,
            boolean publish) {
        return new TrainingHandle(run.id(), jobName(run), Optional.empty(), run.profile(), memoryLimit, run.model(),
                run.dataset(), pretrained, publish, run.origin().user());
    }

    @Override
    public TrainingExit follow(TrainingHandle handle, Consumer<String> lines) {
        Optional<TrainingExit> exit = poll(handle, lines);
        while (exit.isEmpty()) {
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlatformException("interrupted while following " + handle.container(), e);
            }
            exit = poll(handle, lines);
        }
        exit.get().log().ifPresent(log -> printLog(log, lines));
        return exit.get();
    }

    @Override
    public Optional<TrainingExit> poll(TrainingHandle handle, Consumer<String> lines) {
        JobState state = deployer.jobState(handle.container());
        if (state.phase() == JobState.Phase.RUNNING) {
            return Optional.empty();
        }
        Optional<TrainingExit.Log> log = deployer.jobLog(handle.container()).map(TrainingExit.Log::of);
        if (state.phase() == JobState.Phase.SUCCEEDED) {
            return Optional.of(new TrainingExit(TrainingExit.Outcome.RECORDED_ITSELF, "", Optional.empty(), log));
        }
        return Optional.of(TrainingExit.failed(state.reason(), log));
    }

    @Override
    public void cancel(TrainingHandle handle) {
        deployer.deleteJob(handle.container());
    }

    @Override
    public boolean liveLog(TrainingRun run, Consumer<String> lines) {
        if (run.state().isFinal()) {
            return false;
        }
        Optional<String> log = deployer.jobLog(jobName(run));
        log.ifPresent(text -> text.lines().forEach(lines));
        return log.isPresent();
    }

    private static void printLog(TrainingExit.Log log, Consumer<String> lines) {
        try (var in = log.open()) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines);
        } catch (IOException e) {
            // the log is also kept with the training
            LOG.log(Level.FINE, "cannot read a training's kept log", e);
        }
    }

    static String jobName(TrainingRun run) {
        return KubeNames.name("roro-train", run.project(), run.name());
    }
}
