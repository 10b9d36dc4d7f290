package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.roro.core.contract.TrainOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code roroRun}: a one-off command in a container of the project image on the step's agent ({@code roro run}),
 * with a profile's resources, a dataset and a model version, recorded in lineage as a run of this build. Returns
 * {@code [training:, version:]}; the command's failure fails the step with its exit code. Not durable: a command
 * that must survive a controller restart is a task for {@code nhaTrain}.
 */
public class RoroRunStep extends ProjectStep {
    private List<String> command;
    private String profile;
    private String dataset;
    private String version;
    private String publish;

    @DataBoundConstructor
    public RoroRunStep(List<String> command) {
        this.command = command == null ? List.of() : List.copyOf(command);
    }

    public List<String> getCommand() {
        return command;
    }

    /**
     * The form's way to give {@link #getCommand()}: one argument per line (a list cannot be typed in a textbox).
     * Its getter answers null, so generated snippets show {@code command: [...]} alone.
     */
    public String getCommandLines() {
        return null;
    }

    @DataBoundSetter
    public void setCommandLines(String lines) {
        List<String> given = Util.fixNull(lines).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
        if (!given.isEmpty()) {
            this.command = given;
        }
    }

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Util.fixEmptyAndTrim(profile);
    }

    public String getDataset() {
        return dataset;
    }

    @DataBoundSetter
    public void setDataset(String dataset) {
        this.dataset = Util.fixEmptyAndTrim(dataset);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public String getPublish() {
        return publish;
    }

    @DataBoundSetter
    public void setPublish(String publish) {
        this.publish = Util.fixEmptyAndTrim(publish);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient RoroRunStep step;

        Execution(RoroRunStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            if (step.command.isEmpty()) {
                throw new AbortException("roroRun needs a command, e.g. roroRun command: ['python3', 'check.py']");
            }
            List<String> args = new ArrayList<>(List.of("run", "-C", step.getDir()));
            add(args, "--profile", step.profile);
            add(args, "--dataset", step.dataset);
            add(args, "--version", step.version);
            add(args, "--publish", step.publish);
            args.add("--");
            args.addAll(step.command);
            RoroCli.Answer answer = RoroCli.call(getContext(), args);
            if (answer.exitCode() != 0) {
                throw new AbortException("roroRun: " + String.join(" ", step.command) + " failed (exit "
                        + answer.exitCode() + "); see the log above");
            }
            TrainOutcome outcome = answer.as(TrainOutcome.class);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("training", outcome.training().id());
            result.put("version", outcome.version().map(v -> v.id()).orElse(null));
            // a published version is what the build's Lineage page walks from, as for nhaTrain
            RoroBuildAction.record(getContext().get(Run.class), "ran " + String.join(" ", step.command) + " as "
                    + outcome.training().id() + outcome.version().map(v -> ", published " + v.id()).orElse(""),
                    outcome.version().map(v -> new String[] {v.id()}).orElse(new String[0]));
            return result;
        }

        private static void add(List<String> args, String option, String value) {
            if (value != null) {
                args.add(option);
                args.add(value);
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "roroRun";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a one-off command on the project image (roro run)";
        }
    }
}
