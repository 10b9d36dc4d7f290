package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.CommandJsonException;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.LineageRef;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code roroRollback}: serve again what a service ran before its current revision (model version and build), or
 * with {@code modelOnly} the model version before on the project as it is. Returns the version's id.
 */
public class RoroRollbackStep extends ProjectStep {
    private String service = "default";
    private boolean modelOnly;

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

    public boolean isModelOnly() {
        return modelOnly;
    }

    @DataBoundSetter
    public void setModelOnly(boolean modelOnly) {
        this.modelOnly = modelOnly;
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
            List<String> arguments = new ArrayList<>(List.of("rollback", step.service, "-C", step.getDir()));
            if (step.modelOnly) {
                arguments.add("--model-only");
            }
            RoroCli.Answer answer = RoroCli.run(getContext(), arguments);
            DeploymentEvent event;
            try {
                event = CommandJson.readEvent(answer.json()).orElseThrow(() -> new AbortException("roro rolled "
                        + step.service + " back to nothing: it has no earlier version"));
            } catch (CommandJsonException e) {
                throw new AbortException(e.getMessage());
            }
            String version = event.modelVersion().orElse("");
            RoroBuildAction.record(getContext().get(Run.class), "rolled " + step.service + " back to " + version,
                    LineageRef.deployment(event.project(), step.service));
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
