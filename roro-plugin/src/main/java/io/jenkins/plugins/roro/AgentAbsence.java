package io.jenkins.plugins.roro;

import hudson.AbortException;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
     * Runs roro {@code args} on the step's agent. Empty when the agent could not be reached: {@code unreached} has
     * been given why (the caller tries again later, or gives up with {@link #tryAgain}); roro's own refusals are
     * thrown. An answer marks the agent reached.
     */
    Optional<RoroCli.Answer> call(StepContext context, List<String> args,
            Consumer<IOException> unreached) throws IOException, InterruptedException {
        try {
            RoroCli.Answer answer = RoroCli.call(context, args);
            reached();
            return Optional.of(answer);
        } catch (AbortException e) {
            if (!isAbsence(e)) {
                throw e; // roro's own refusal (configuration, version): not worth retrying
            }
            unreached.accept(e);
        } catch (IOException e) {
            unreached.accept(e);
        }
        return Optional.empty();
    }

    /**
     * Whether a failure to run roro on the agent means the agent is not there (worth trying again), rather than
     * roro's own refusal (configuration, version), which is not: Jenkins says so with a MissingContextVariable.
     */
    private static boolean isAbsence(AbortException e) {
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
