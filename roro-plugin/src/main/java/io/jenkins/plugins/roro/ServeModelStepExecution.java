package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.CommandJsonException;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.LineageRef;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * serveModel's execution. Asynchronous: {@link #start()} returns at once; {@code roro serve --detach} runs on the
 * agent from a timer thread (never on the CPS VM thread). A canary started with a time to be judged in is then
 * watched by {@code roro promote --judge} on the agent (the canary's metrics are read there) from a thread of its
 * own, as long as the judgement takes. The verdict is in lineage with the canary's deadline, so the watch is
 * durable: after a controller restart, or when the agent went away, it is started again and carries on from the
 * canary's recorded start (a verdict reached meanwhile is read back, not judged again).
 */
final class ServeModelStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    /** Minutes to keep starting the judgement again while the agent cannot be reached (the canary runs on). */
    static final long AGENT_PATIENCE_MINUTES = Long.getLong(ServeModelStep.class.getName() + ".agentPatienceMinutes",
            30);

    private final transient ServeModelStep step;
    private final String service;
    private final List<String> judgeArguments;
    private volatile boolean judging;
    private volatile String endpoint = "";
    private final AgentAbsence absence = new AgentAbsence(AGENT_PATIENCE_MINUTES);
    private transient volatile Future<?> task;
    /** While {@code roro serve} runs on the agent: a restart then would report a rollout whose end nobody saw. */
    private transient volatile boolean serving;
    /** Set by {@link #stop}: a judgement failing then must not schedule another. */
    private transient volatile boolean stopped;

    ServeModelStepExecution(ServeModelStep step, StepContext context) {
        super(context);
        this.step = step;
        this.service = step.getService();
        this.judgeArguments = List.copyOf(step.judgeArguments());
    }

    @Override
    public boolean start() throws Exception {
        List<String> arguments = step.arguments();
        serving = true;
        task = RoroExecutors.scheduler(getContext()).submit(() -> {
            try {
                served(read(RoroCli.run(getContext(), arguments)));
            } catch (Exception e) {
                getContext().onFailure(e);
            } finally {
                serving = false;
            }
        });
        return false;
    }

    private static Optional<DeploymentEvent> read(RoroCli.Answer answer) throws AbortException {
        try {
            return CommandJson.readEvent(answer.json());
        } catch (CommandJsonException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** What roro serve recorded: done, or a canary to wait for. */
    private void served(Optional<DeploymentEvent> event) throws IOException, InterruptedException {
        if (event.isEmpty()) {
            // that version is live already: roro changed nothing, and says where it serves in the log
            AgentAbsence.log(getContext(), "roro: " + service + " already serves that version; nothing changed");
            getContext().onSuccess("");
            return;
        }
        DeploymentEvent e = event.get();
        endpoint = e.endpoint().orElse("");
        Optional<Candidate> candidate = e.candidate();
        RoroBuildAction.record(getContext().get(Run.class), candidate.map(c -> c.describe() + " beside ")
                .orElse("serving ") + e.modelVersion().orElse("") + " on " + e.project() + ":" + service + " at "
                + endpoint, LineageRef.deployment(e.project(), service));
        if (candidate.flatMap(Candidate::judgeFor).isEmpty()) {
            candidate.ifPresent(c -> AgentAbsence.log(getContext(), "roro: " + c.describe() + " runs beside the"
                    + " live version; roro promote " + service + " or roro rollback " + service + " ends it"));
            getContext().onSuccess(endpoint);
            return;
        }
        judging = true;
        getContext().saveState();
        judge();
    }

    /** Runs the judgement on the agent; its end is the step's. */
    private void judge() {
        ExecutorService judges;
        try {
            judges = RoroExecutors.judges(getContext());
        } catch (IOException | InterruptedException e) {
            getContext().onFailure(e);
            return;
        }
        task = judges.submit(() -> {
            try {
                Optional<RoroCli.Answer> judged = absence.call(getContext(), judgeArguments, this::retryLater);
                if (judged.isEmpty()) {
                    return;
                }
                RoroCli.Answer answer = judged.get();
                if (answer.exitCode() != 0) {
                    // the canary was taken away (the reason is in the log above and in lineage) or cannot be judged
                    getContext().onFailure(new AbortException("the canary of " + service + " was not promoted"
                            + " (roro promote --judge, exit " + answer.exitCode() + "); see the log above"));
                    return;
                }
                DeploymentEvent promoted = answer.as(DeploymentEvent.class);
                if (promoted.type() != DeploymentEventType.PROMOTED) {
                    throw new AbortException("roro promote --judge answered " + promoted.type() + ", not PROMOTED");
                }
                RoroBuildAction.record(getContext().get(Run.class), "promoted " + promoted.modelVersion().orElse("")
                        + " on " + promoted.project() + ":" + service + ": " + promoted.message().orElse(""),
                        LineageRef.deployment(promoted.project(), service));
                getContext().onSuccess(endpoint);
            } catch (Exception e) {
                getContext().onFailure(e);
            }
        });
    }

    /** The agent went away: the canary runs on, recorded; the judgement starts again a minute later. */
    private void retryLater(IOException e) {
        if (!absence.tryAgain()) {
            getContext().onFailure(new AbortException("no agent to judge the canary of " + service + " on for "
                    + AGENT_PATIENCE_MINUTES + " minutes: " + e.getMessage() + "; it still takes its share (roro"
                    + " promote " + service + " --judge, or roro rollback " + service + ")"));
            return;
        }
        AgentAbsence.log(getContext(), "roro: cannot reach the agent to judge the canary of " + service + " ("
                + e.getMessage() + "); trying again in a minute");
        if (stopped) {
            return;
        }
        try {
            task = RoroExecutors.scheduler(getContext()).schedule(this::judge, 60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException x) {
            getContext().onFailure(x);
        }
    }

    @Override
    public void onResume() {
        if (judging) {
            judge(); // the canary ran on while the controller was away; its deadline is in lineage
            return;
        }
        getContext().onFailure(new AbortException("the controller restarted while roro serve ran; roro ps "
                + service + " shows what runs now"));
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopped = true;
        Future<?> pending = task;
        if (pending != null) {
            pending.cancel(true);
        }
        if (judging) {
            AgentAbsence.log(getContext(), "roro: stopped waiting; the canary of " + service + " keeps its share"
                    + " until roro promote or roro rollback");
        }
        getContext().onFailure(cause);
    }

    /** A safe restart waits for {@code roro serve} itself; a canary's judgement resumes after it. */
    @Override
    public boolean blocksRestart() {
        return serving;
    }

    @Override
    public String getStatus() {
        return judging ? "waiting for the verdict on the canary of " + service : "serving " + service;
    }
}
