package io.jenkins.plugins.roro;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code roroRollback}: serve the version a service had before its current one. Returns that version's id. */
public class RoroRollbackStep extends ProjectStep {
    private String service = "default";

    @DataBoundConstructor
    public RoroRollbackStep() {
    }

    public String getService() {
        return service;
    }

    @DataBoundSetter
    public void setService(String service) {
        this.service = Util.fixEmptyAndTrim(service) == null ? "default" : service.trim();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient RoroRollbackStep step;

        Execution(RoroRollbackStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            JsonNode event = RoroCli.run(getContext(), List.of("rollback", step.service, "-C", step.getDir()));
            String version = event.path("modelVersion").asText("");
            String project = event.path("project").asText();
            RoroBuildAction.record(getContext().get(Run.class), "rolled " + step.service + " back to " + version,
                    "deployment/" + project + ":" + step.service);
            return version;
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "roroRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll a service back to its previous model version";
        }
    }
}
