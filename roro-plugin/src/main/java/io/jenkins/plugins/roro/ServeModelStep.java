package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.CommandJsonException;
import io.roro.core.lineage.DeploymentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code serveModel}: put a model version behind a service. The new version takes traffic only once healthy; a
 * version that never gets healthy fails the step and the old one keeps serving. Returns the endpoint.
 */
public class ServeModelStep extends ProjectStep {
    private String service = "default";
    private String version = "latest";
    private Integer replicas;
    private String target;

    @DataBoundConstructor
    public ServeModelStep() {
    }

    /** docker or kubernetes; unset means the global default target. */
    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getService() {
        return service;
    }

    @DataBoundSetter
    public void setService(String service) {
        this.service = Util.fixEmptyAndTrim(service) == null ? "default" : service.trim();
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version) == null ? "latest" : version.trim();
    }

    public Integer getReplicas() {
        return replicas;
    }

    @DataBoundSetter
    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("serve", service, "--version", version, "-C", getDir()));
        if (replicas != null) {
            args.addAll(List.of("--replicas", replicas.toString()));
        }
        if (target != null) {
            args.addAll(List.of("--target", target));
        }
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient ServeModelStep step;

        Execution(ServeModelStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            RoroCli.Answer answer = RoroCli.run(getContext(), step.arguments());
            Optional<DeploymentEvent> event;
            try {
                event = CommandJson.readEvent(answer.json());
            } catch (CommandJsonException e) {
                throw new AbortException(e.getMessage());
            }
            if (event.isEmpty()) {
                // that version is live already: roro changed nothing, and says where it serves in the log
                getContext().get(TaskListener.class).getLogger().println("roro: " + step.service
                        + " already serves that version; nothing changed");
                return "";
            }
            String endpoint = event.get().endpoint().orElse("");
            RoroBuildAction.record(getContext().get(Run.class), "serving " + event.get().modelVersion().orElse("")
                    + " on " + event.get().project() + ":" + step.service + " at " + endpoint,
                    "deployment/" + event.get().project() + ":" + step.service);
            return endpoint;
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "serveModel";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Serve a model version behind a service (health-checked switch)";
        }
    }
}
