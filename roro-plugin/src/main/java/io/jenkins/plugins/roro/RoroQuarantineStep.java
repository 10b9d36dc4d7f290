package io.jenkins.plugins.roro;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code roroQuarantine}: takes a bad dataset version, build or model version out of use with what derives from it
 * ({@code roro quarantine}): the project's live services derived from it go back to a clean revision or stop, and
 * nothing derived from it is served or trained on until it is lifted. Returns what was done, a line per service.
 */
public class RoroQuarantineStep extends ProjectStep {
    private final String what;
    private String reason;
    private boolean dryRun;
    private boolean lift;

    @DataBoundConstructor
    public RoroQuarantineStep(String what) {
        this.what = Util.fixEmptyAndTrim(what);
    }

    public String getWhat() {
        return what;
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isLift() {
        return lift;
    }

    @DataBoundSetter
    public void setLift(boolean lift) {
        this.lift = lift;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<List<String>> {
        private static final long serialVersionUID = 1L;
        private final transient RoroQuarantineStep step;

        Execution(RoroQuarantineStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<String> run() throws Exception {
            if (step.what == null) {
                throw new AbortException("roroQuarantine needs what: dataset/MODEL:NAME:VERSION, build/PROJECT:TAG"
                        + " or MODEL:VERSION");
            }
            List<String> arguments = new ArrayList<>(List.of("quarantine", step.what, "-C", step.getDir()));
            if (step.reason != null) {
                arguments.addAll(List.of("--reason", step.reason));
            }
            if (step.dryRun) {
                arguments.add("--dry-run");
            }
            if (step.lift) {
                arguments.add("--lift");
            }
            RoroCli.Answer answer = RoroCli.run(getContext(), arguments);
            JsonNode result = RoroCli.mapper().readTree(answer.json());
            List<String> done = new ArrayList<>();
            result.path("steps").forEach(s -> done.add(s.path("project").asText() + ":" + s.path("service").asText()
                    + " " + s.path("action").asText()));
            if (!step.dryRun) {
                RoroBuildAction.record(getContext().get(Run.class), (step.lift ? "lifted the quarantine of "
                        : "quarantined ") + step.what + (done.isEmpty() ? "" : ": " + String.join(", ", done)),
                        step.what);
            }
            return done;
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "roroQuarantine";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Quarantine a dataset version, build or model version and what derives from it";
        }
    }
}
