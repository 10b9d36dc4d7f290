package io.jenkins.plugins.roro;

import hudson.AbortException;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * How long a durable step's agent has been out of reach (an ephemeral pod gone, a restart), for the steps that
 * follow work which runs on without it (nhaTrain's training, serveModel's canary): they try again until
 * {@code patienceMinutes} have passed since it was last reached. Kept in the step's saved state.
 */
final class AgentAbsence implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long patienceMinutes;
    private long since;

    AgentAbsence(long patienceMinutes) {
        this.patienceMinutes = patienceMinutes;
    }

    /** The agent answered. */
    void reached() {
        since = 0;
    }

    /** It did not: whether to try again (the patience is not used up yet). */
    boolean tryAgain() {
        since = since == 0 ? System.currentTimeMillis() : since;
        return System.currentTimeMillis() - since <= TimeUnit.MINUTES.toMillis(patienceMinutes);
    }

    long patienceMinutes() {
        return patienceMinutes;
    }

    /**
     * Whether a failure to run roro on the agent means the agent is not there (worth trying again), rather than
     * roro's own refusal (configuration, version), which is not: Jenkins says so with a MissingContextVariable.
     */
    static boolean isAbsence(AbortException e) {
        return e.getClass().getSimpleName().equals("MissingContextVariableException");
    }

    /** A line in the step's log; a log that cannot be written to does not stop the step. */
    static void log(StepContext context, String line) {
        try {
            context.get(TaskListener.class).getLogger().println(line);
        } catch (IOException | InterruptedException e) {
            // no log to write to: the step goes on regardless
        }
    }
}
