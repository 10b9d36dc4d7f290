package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.contract.TrainingStatus;
import io.roro.core.train.TrainingWatch;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * nhaTrain's execution. Asynchronous: {@link #start()} returns at once and a timer follows the training until it
 * ends. Each poll reads the training's record from lineage on the controller (MongoDB; no agent needed), and asks
 * the agent ({@code roro train status}) only now and then while it runs, or when the record cannot say how it ended
 * (core {@link TrainingWatch}): a Kubernetes Job records its own end, so an ephemeral agent pod that goes away does
 * not fail it. While the agent cannot be reached, asking it is retried for {@code agentPatienceMinutes} (30).
 * Starting, asking and cancelling run processes on the agent, always from a timer thread, never on the CPS VM
 * thread (as GeneralNonBlockingStepExecution does).
 */
final class NhaTrainStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    static final long POLL_SECONDS = Long.getLong(NhaTrainStep.class.getName() + ".pollSeconds", 10);
    /** Minutes to keep retrying while the agent cannot be reached (the training itself runs on). */
    static final long AGENT_PATIENCE_MINUTES = Long.getLong(NhaTrainStep.class.getName() + ".agentPatienceMinutes",
            30);

    private final transient NhaTrainStep step;
    private final boolean publishes;
    private volatile String trainingId;
    private final AgentAbsence absence = new AgentAbsence(AGENT_PATIENCE_MINUTES);
    private long agentAskedAt;
    private transient volatile ScheduledFuture<?> poll;
    /** Set by {@link #stop}: a check running then must not schedule another. */
    private transient volatile boolean stopped;
    /** Between the start of {@code roro train --detach} and the training's id saved: a restart would lose it. */
    private transient volatile boolean starting;

    NhaTrainStepExecution(NhaTrainStep step, StepContext context) {
        super(context);
        this.step = step;
        this.publishes = step.isPublish();
    }

    @Override
    public boolean start() throws Exception {
        List<String> arguments = step.startArguments();
        starting = true;
        poll = scheduler().schedule(() -> {
            try {
                trainingId = RoroCli.run(getContext(), arguments).as(TrainingHandle.class).trainingId();
                agentAskedAt = System.currentTimeMillis();
                getContext().saveState();
                starting = false;
                getContext().get(TaskListener.class).getLogger().println("roro: training " + trainingId
                        + " runs detached; following it");
                schedule();
            } catch (Exception e) {
                starting = false;
                getContext().onFailure(e);
            }
        }, 0, TimeUnit.SECONDS);
        return false;
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        try {
            poll = scheduler().schedule(this::check, POLL_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            getContext().onFailure(e);
        }
    }

    /** The plugin's own threads, as the build's authentication (never the shared Timer, never SYSTEM). */
    private ScheduledExecutorService scheduler() throws IOException, InterruptedException {
        return RoroExecutors.scheduler(getContext());
    }

    private void check() {
        TrainingWatch.Next next = watch().next(recorded(), publishes,
                Duration.ofMillis(System.currentTimeMillis() - agentAskedAt));
        try {
            if (next instanceof TrainingWatch.End end) {
                ended(end.status());
            } else if (next instanceof TrainingWatch.Wait) {
                schedule();
            } else {
                askAgent();
            }
        } catch (Exception e) {
            getContext().onFailure(e);
        }
    }

    /** Asks the agent every {@code agentPollSeconds} (60) while lineage on the controller says the training runs. */
    private static TrainingWatch watch() {
        return new TrainingWatch(Duration.ofSeconds(Long.getLong(NhaTrainStep.class.getName() + ".agentPollSeconds",
                60)));
    }

    /**
     * The training's record as the controller reads it, or empty where it cannot: an embedded store lives on the
     * machine of the roro that wrote it, and a lineage the controller cannot reach is the agent's to read.
     */
    private Optional<TrainingRun> recorded() {
        try {
            if (RoroConfiguration.get().lineageConfig().isEmbedded()) {
                return Optional.empty();
            }
            return ControllerLineage.get().trainings().training(trainingId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void askAgent() throws Exception {
        Optional<RoroCli.Answer> asked = absence.call(getContext(), List.of("train", "status", trainingId),
                this::retryLater);
        if (asked.isEmpty()) {
            return;
        }
        RoroCli.Answer answer = asked.get();
        agentAskedAt = System.currentTimeMillis();
        if (answer.json().isEmpty()) {
            throw new AbortException("cannot read the state of training " + trainingId + " (exit "
                    + answer.exitCode() + "); see the log above");
        }
        ended(answer.as(TrainingStatus.class));
    }

    /** Ends the step when the training has ended; follows it on otherwise. */
    private void ended(TrainingStatus status) throws IOException, InterruptedException {
        switch (status.state()) {
            case FINISHED -> {
                String version = status.modelVersion().orElse("");
                RoroBuildAction.record(getContext().get(Run.class), "trained " + trainingId
                        + (version.isEmpty() ? "" : ", published " + version) + " " + status.metrics(),
                        version.isEmpty() ? new String[0] : new String[] {version});
                if (status.publishError().isPresent()) {
                    getContext().onFailure(new AbortException("training " + trainingId + " finished but its output"
                            + " was not published: " + status.publishError().get()));
                } else {
                    // the version this training published, so that what serves next serves it and not "latest"
                    // (another training may have finished meanwhile)
                    Map<String, String> result = new LinkedHashMap<>();
                    result.put("training", trainingId);
                    result.put("version", version.isEmpty() ? null : version);
                    getContext().onSuccess(result);
                }
            }
            case FAILED, CANCELLED -> getContext().onFailure(new AbortException("training " + trainingId + " "
                    + status.state() + ": " + status.reason().orElse("")));
            default -> schedule(); // WAITING, RUNNING
        }
    }

    /** The agent went away (an ephemeral pod, a restart): the training runs on without it; ask again later. */
    private void retryLater(IOException e) {
        if (!absence.tryAgain()) {
            getContext().onFailure(new AbortException("no agent to ask about training " + trainingId + " for "
                    + AGENT_PATIENCE_MINUTES + " minutes: " + e.getMessage() + "; it may still be running"
                    + " (roro train status " + trainingId + ")"));
            return;
        }
        AgentAbsence.log(getContext(), "roro: cannot reach the agent to follow " + trainingId + " ("
                + e.getMessage() + "); trying again");
        schedule();
    }

    @Override
    public void onResume() {
        if (trainingId == null) {
            // the controller stopped between the step's start and the training's: nothing to follow
            getContext().onFailure(new AbortException("the controller restarted before the training had started;"
                    + " run the step again"));
            return;
        }
        // the training ran on while the controller was away: pick it up again
        schedule();
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopped = true;
        ScheduledFuture<?> pending = poll;
        if (pending != null) {
            pending.cancel(false);
        }
        String id = trainingId;
        if (id == null) {
            getContext().onFailure(cause);
            return;
        }
        // the cancel is a process on the agent: not on the CPS VM thread either
        scheduler().submit(() -> {
            try {
                RoroCli.call(getContext(), List.of("train", "cancel", id));
            } catch (Exception e) {
                AgentAbsence.log(getContext(), "roro: could not cancel " + id + ": " + e.getMessage());
            } finally {
                getContext().onFailure(cause);
            }
        });
    }

    /**
     * A safe restart waits while the training is being started: its id is not saved yet, and a restart then would
     * leave a training running that the resumed step reports as never started.
     */
    @Override
    public boolean blocksRestart() {
        return starting;
    }

    @Override
    public String getStatus() {
        return trainingId == null ? "starting" : "following training " + trainingId;
    }
}
