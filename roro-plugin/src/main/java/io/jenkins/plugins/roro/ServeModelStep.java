package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code serveModel}: put a model version behind a service. The new version takes traffic only once healthy; a
 * version that never gets healthy fails the step and the old one keeps serving. With {@code canary} (or roro.yml's
 * {@code rollout:}) it answers a share of the requests beside the live one and, with {@code promoteAfter} (or
 * roro.yml's {@code promote_after}), the step waits for the verdict: it ends when the canary is promoted and fails
 * the build when it was taken away. With {@code shadow} it gets a copy of each request. Returns the endpoint.
 */
public class ServeModelStep extends ProjectStep {
    private String service = "default";
    private String version = "latest";
    private Integer replicas;
    private String target;
    private Integer canary;
    private boolean shadow;
    private String promoteAfter;
    private String condition;

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

    /** Percent of the requests (1-99) the new version answers as a canary beside the live one; unset: none. */
    public Integer getCanary() {
        return canary;
    }

    @DataBoundSetter
    public void setCanary(Integer canary) {
        this.canary = canary;
    }

    public boolean isShadow() {
        return shadow;
    }

    @DataBoundSetter
    public void setShadow(boolean shadow) {
        this.shadow = shadow;
    }

    /** How long the canary is judged before it is promoted (90s, 10m, 1h); unset: roro.yml's, else not judged. */
    public String getPromoteAfter() {
        return promoteAfter;
    }

    @DataBoundSetter
    public void setPromoteAfter(String promoteAfter) {
        this.promoteAfter = Util.fixEmptyAndTrim(promoteAfter);
    }

    /** A condition the version must meet to be served ({@code metrics.r2 >= live}); unset: always served. */
    public String getCondition() {
        return condition;
    }

    @DataBoundSetter
    public void setCondition(String condition) {
        this.condition = Util.fixEmptyAndTrim(condition);
    }

    /** {@code roro promote SERVICE --judge}: waits for the canary's verdict on the agent (its metrics are there). */
    List<String> judgeArguments() {
        List<String> args = new ArrayList<>(List.of("promote", service, "--judge", "-C", getDir()));
        if (promoteAfter != null) {
            args.addAll(List.of("--promote-after", promoteAfter));
        }
        if (target != null) {
            args.addAll(List.of("--target", target));
        }
        return args;
    }

    List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("serve", service, "--version", version, "-C", getDir()));
        if (replicas != null) {
            args.addAll(List.of("--replicas", replicas.toString()));
        }
        if (target != null) {
            args.addAll(List.of("--target", target));
        }
        if (canary != null) {
            args.addAll(List.of("--canary", canary.toString()));
        }
        if (shadow) {
            args.add("--shadow");
        }
        if (promoteAfter != null) {
            args.addAll(List.of("--promote-after", promoteAfter));
        }
        if (condition != null) {
            args.addAll(List.of("--if", condition));
        }
        // the step waits for a canary's verdict itself (durably, see ServeModelStepExecution), not inside one call
        args.add("--detach");
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new ServeModelStepExecution(this, context);
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
