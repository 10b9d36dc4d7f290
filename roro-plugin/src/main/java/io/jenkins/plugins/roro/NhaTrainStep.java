package io.jenkins.plugins.roro;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code nhaTrain}: run a task of roro.yml as a training (recorded in lineage) and publish its output as a model
 * version. Durable: the training runs in a detached container, and this step only polls it ({@code roro train
 * status}), so a controller restart loses nothing — after it, polling resumes where it was. An agent that cannot be
 * reached (an ephemeral pod gone, a reconnect) does not fail a training that runs on: polling retries for
 * {@code agentPatienceMinutes} (30). Starting, polling and cancelling run processes on the agent, always from a
 * background thread, never on the CPS VM thread.
 * Returns the training's id, e.g. {@code credit-risk:retrain-7}.
 */
public class NhaTrainStep extends ProjectStep {
    private final String task;
    private List<String> params = new ArrayList<>();
    private String dataset;
    private String profile;
    private String pretrained;
    private boolean publish = true;

    @DataBoundConstructor
    public NhaTrainStep(String task) {
        this.task = task;
    }

    public String getTask() {
        return task;
    }

    /**
     * {@code NAME=VALUE} strings, as {@code withEnv} takes them: a list of strings is what structs can describe in
     * the generated steps reference (a map it cannot), and each is exactly a {@code roro train --param}.
     */
    public List<String> getParams() {
        return List.copyOf(params);
    }

    @DataBoundSetter
    public void setParams(List<String> params) {
        List<String> given = params == null ? List.of() : List.copyOf(params);
        io.roro.core.train.Params.parse(given); // refuses a malformed entry here, naming it, before anything runs
        this.params = new ArrayList<>(given);
    }

    /**
     * The snippet generator's form for {@code params}: one {@code name=value} per line. It only fills
     * {@link #setParams}; its getter answers null, so generated snippets show {@code params: [...]} alone.
     */
    public String getParamLines() {
        return null;
    }

    @DataBoundSetter
    public void setParamLines(String lines) {
        // the same NAME=VALUE rules and typing as `roro train --param` (core Params)
        List<String> given = io.roro.core.train.Params.lines(Util.fixNull(lines));
        if (!given.isEmpty()) {
            setParams(given);
        }
    }

    public String getDataset() {
        return dataset;
    }

    @DataBoundSetter
    public void setDataset(String dataset) {
        this.dataset = Util.fixEmptyAndTrim(dataset);
    }

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Util.fixEmptyAndTrim(profile);
    }

    public String getPretrained() {
        return pretrained;
    }

    @DataBoundSetter
    public void setPretrained(String pretrained) {
        this.pretrained = Util.fixEmptyAndTrim(pretrained);
    }

    public boolean isPublish() {
        return publish;
    }

    @DataBoundSetter
    public void setPublish(boolean publish) {
        this.publish = publish;
    }

    List<String> startArguments() {
        List<String> args = new ArrayList<>(List.of("train", task, "--detach", "-C", getDir()));
        params.forEach(assignment -> args.addAll(List.of("--param", assignment)));
        if (dataset != null) {
            args.addAll(List.of("--dataset", dataset));
        }
        if (profile != null) {
            args.addAll(List.of("--profile", profile));
        }
        if (pretrained != null) {
            args.addAll(List.of("--pretrained", pretrained));
        }
        if (!publish) {
            args.add("--no-publish");
        }
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Asynchronous: start() returns at once; a timer polls the training until it ends. */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        static final long POLL_SECONDS = Long.getLong(NhaTrainStep.class.getName() + ".pollSeconds", 10);

        private final transient NhaTrainStep step;
        /** Minutes to keep retrying while the agent cannot be reached (the training itself runs on). */
        static final long AGENT_PATIENCE_MINUTES = Long.getLong(NhaTrainStep.class.getName() + ".agentPatienceMinutes",
                30);

        private volatile String trainingId;
        private long unreachableSince;
        private transient volatile ScheduledFuture<?> poll;

        Execution(NhaTrainStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        /**
         * Returns at once: starting the training runs a process on the agent, which must not happen on the CPS VM
         * thread (as GeneralNonBlockingStepExecution does it, on a background thread).
         */
        @Override
        public boolean start() {
            List<String> arguments = step.startArguments();
            poll = Timer.get().schedule(() -> {
                try {
                    JsonNode handle = RoroCli.run(getContext(), arguments);
                    trainingId = handle.get("trainingId").asText();
                    getContext().saveState();
                    getContext().get(TaskListener.class).getLogger().println("roro: training " + trainingId
                            + " runs detached; following it");
                    schedule();
                } catch (Exception e) {
                    getContext().onFailure(e);
                }
            }, 0, TimeUnit.SECONDS);
            return false;
        }

        private void schedule() {
            poll = Timer.get().schedule(this::check, POLL_SECONDS, TimeUnit.SECONDS);
        }

        private void check() {
            try {
                RoroCli.Answer answer = RoroCli.call(getContext(), List.of("train", "status", trainingId));
                JsonNode status = answer.json();
                String state = status.path("state").asText("");
                switch (state) {
                    case "FINISHED" -> {
                        String version = status.path("modelVersion").asText("");
                        RoroBuildAction.record(getContext().get(Run.class), "trained " + trainingId
                                + (version.isEmpty() ? "" : ", published " + version) + " " + status.path("metrics"),
                                version.isEmpty() ? new String[0] : new String[] {version});
                        if (status.hasNonNull("publishError")) {
                            getContext().onFailure(new AbortException("training " + trainingId + " finished but its"
                                    + " output was not published: " + status.get("publishError").asText()));
                        } else {
                            getContext().onSuccess(trainingId);
                        }
                    }
                    case "FAILED", "CANCELLED" -> getContext().onFailure(new AbortException("training " + trainingId
                            + " " + state + ": " + status.path("reason").asText("")));
                    case "WAITING", "RUNNING" -> schedule();
                    default -> getContext().onFailure(new AbortException("cannot read the state of training "
                            + trainingId + " (exit " + answer.exitCode() + ")"));
                }
            } catch (AbortException e) {
                if (!e.getClass().getSimpleName().equals("MissingContextVariableException")) {
                    getContext().onFailure(e); // roro's own refusal (configuration, lineage): not worth retrying
                    return;
                }
                retryLater(e);
                return;
            } catch (IOException e) {
                retryLater(e);
                return;
            } catch (Exception e) {
                getContext().onFailure(e);
                return;
            }
            unreachableSince = 0;
        }

        /** The agent went away (an ephemeral pod, a restart): the training runs on without it; ask again later. */
        private void retryLater(IOException e) {
            unreachableSince = unreachableSince == 0 ? System.currentTimeMillis() : unreachableSince;
            if (System.currentTimeMillis() - unreachableSince > TimeUnit.MINUTES.toMillis(AGENT_PATIENCE_MINUTES)) {
                getContext().onFailure(new AbortException("no agent to ask about training " + trainingId + " for "
                        + AGENT_PATIENCE_MINUTES + " minutes: " + e.getMessage() + "; it may still be running"
                        + " (roro train status " + trainingId + ")"));
                return;
            }
            printQuietly("roro: cannot reach the agent to follow " + trainingId + " (" + e.getMessage()
                    + "); trying again");
            schedule();
        }

        private void printQuietly(String line) {
            try {
                getContext().get(TaskListener.class).getLogger().println(line);
            } catch (IOException | InterruptedException e) {
                // no log to write to: the retry goes on regardless
            }
        }

        @Override
        public void onResume() {
            if (trainingId == null) {
                // the controller stopped between the step's start and the training's: nothing to follow
                getContext().onFailure(new AbortException("the controller restarted before the training had"
                        + " started; run the step again"));
                return;
            }
            // the container kept running while the controller was away: pick the training up again
            schedule();
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
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
            Timer.get().submit(() -> {
                try {
                    RoroCli.call(getContext(), List.of("train", "cancel", id));
                } catch (Exception e) {
                    printQuietly("roro: could not cancel " + id + ": " + e.getMessage());
                } finally {
                    getContext().onFailure(cause);
                }
            });
        }

        @Override
        public String getStatus() {
            return trainingId == null ? "starting" : "following training " + trainingId;
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "nhaTrain";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Train a roro.yml task and publish the model version (durable)";
        }
    }
}
