package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.roro.core.contract.DeployResult;
import io.roro.core.contract.LineageRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.springframework.security.core.Authentication;

/**
 * {@code roroDeploy}: validate roro.yml, build the project image, restart its services with their current model
 * versions, and create/update/disable the project's scheduled retrain jobs to match its tasks.
 * Returns {@code [project:, number:, image:, buildVersion:, services: [name: endpoint], untrained: [service: task],
 * jobs: [...]]}.
 */
public class RoroDeployStep extends ProjectStep {
    private String target;
    private boolean syncJobs = true;

    @DataBoundConstructor
    public RoroDeployStep() {
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public boolean isSyncJobs() {
        return syncJobs;
    }

    @DataBoundSetter
    public void setSyncJobs(boolean syncJobs) {
        this.syncJobs = syncJobs;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient RoroDeployStep step;

        Execution(RoroDeployStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            String target = step.target != null ? step.target : RoroConfiguration.get().getDefaultTarget();
            RoroCli.Answer answer = RoroCli.call(getContext(), List.of("deploy", "--target", target, "-C",
                    step.getDir()));
            if (answer.json().isEmpty()) {
                throw new AbortException("roroDeploy failed (exit " + answer.exitCode() + "); see the log above");
            }
            DeployResult deployed = answer.as(DeployResult.class); // printed even when a service did not go live
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Map<String, Object> result = new LinkedHashMap<>();
            String project = deployed.project();
            result.put("project", project);
            result.put("number", deployed.number());
            result.put("image", deployed.build().image());
            result.put("buildVersion", deployed.build().id());
            Map<String, Object> services = new LinkedHashMap<>();
            // services waiting for their model's first version, with the task that trains it: the pipeline trains
            // and serves them without naming either (pipelines/deploy.Jenkinsfile)
            Map<String, Object> untrained = new LinkedHashMap<>();
            boolean allLive = true;
            for (DeployResult.ServiceOutcome service : deployed.services()) {
                if (service.problem().isEmpty()) {
                    services.put(service.service(), service.endpoint().orElse(""));
                } else if (service.trainWith().isPresent()) {
                    untrained.put(service.service(), service.trainWith().get());
                    listener.getLogger().println("roro: service " + service.service() + " waits for its first model"
                            + " version (task " + service.trainWith().get() + " trains one)");
                } else {
                    allLive = false;
                    listener.getLogger().println("roro: service " + service.service() + " is not live: "
                            + service.problem().get());
                }
            }
            result.put("services", services);
            result.put("untrained", untrained);
            boolean jobsInLine = true;
            if (step.syncJobs) {
                // the services have changed by now: a job problem is reported and makes the build UNSTABLE, never
                // a failed deploy without its summary
                try {
                    RetrainJobs.Outcome synced = RetrainJobs.sync(project, deployed.schedules(),
                            deployed.build().git(), authentication(run), listener);
                    result.put("jobs", new ArrayList<>(synced.jobs()));
                    synced.problems().forEach(p -> listener.getLogger().println("roro: retrain jobs: " + p));
                    jobsInLine = synced.problems().isEmpty();
                } catch (IOException | RuntimeException e) {
                    listener.getLogger().println("roro: retrain jobs were not synced: " + e.getMessage());
                    result.put("jobs", new ArrayList<String>());
                    jobsInLine = false;
                }
            }
            List<String> references = new ArrayList<>(List.of(LineageRef.build(String.valueOf(
                    result.get("buildVersion")))));
            services.keySet().forEach(name -> references.add(LineageRef.deployment(project, name)));
            RoroBuildAction.record(run, "deployed version " + result.get("number") + " of " + project + " (build "
                    + result.get("buildVersion") + ")" + (services.isEmpty() ? "" : ", services " + services),
                    references.toArray(String[]::new));
            if (!allLive || !jobsInLine) {
                getContext().setResult(Result.UNSTABLE);
            }
            return result;
        }

        /** What the build runs as: its flow execution's authentication (ACL.SYSTEM2 unless a plugin says otherwise). */
        private static Authentication authentication(Run<?, ?> run) {
            if (run instanceof WorkflowRun workflow) {
                FlowExecution execution = workflow.getExecution();
                if (execution != null) {
                    return execution.getAuthentication2();
                }
            }
            return Jenkins.ANONYMOUS2; // not a Pipeline build: nothing may be assumed
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "roroDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Deploy a roro.yml project (build, restart services, sync retrain jobs)";
        }
    }
}
