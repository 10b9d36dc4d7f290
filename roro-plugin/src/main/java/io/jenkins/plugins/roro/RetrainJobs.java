package io.jenkins.plugins.roro;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.TaskListener;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.triggers.TimerTrigger;
import hudson.triggers.Trigger;
import io.roro.core.schedule.RetrainPipeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;

/**
 * Keeps a project's scheduled retrain jobs in line with its roro.yml: a folder per project, a Pipeline job per
 * scheduled task with a TimerTrigger (the cron spec computed by roro, {@code TZ=} included), a sandboxed script that
 * trains and publishes (and serves, when the task says so). Jobs of tasks that lost their schedule are disabled,
 * not deleted, so their history stays. Jobs not made by roro are never touched.
 */
final class RetrainJobs {
    static final String MARKER = "Managed by roro from roro.yml";
    static final String FOLDER_MARKER = "roro project ";

    private RetrainJobs() {
    }

    /** Returns the full names of the jobs now matching the schedules. */
    static List<String> sync(String project, JsonNode schedules, JsonNode git, TaskListener listener)
            throws IOException {
        List<String> names = new ArrayList<>();
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Jenkins jenkins = Jenkins.get();
            Folder folder = jenkins.getItemByFullName(project, Folder.class);
            if (folder == null) {
                Jenkins.checkGoodName(project);
                folder = jenkins.createProject(Folder.class, project);
                folder.setDescription(FOLDER_MARKER + project);
            }
            Set<String> wanted = new TreeSet<>();
            for (JsonNode schedule : schedules) {
                String task = schedule.get("task").asText();
                Jenkins.checkGoodName(task);
                wanted.add(task);
                TopLevelItem existing = folder.getItem(task);
                WorkflowJob job;
                if (existing instanceof WorkflowJob workflow) {
                    job = workflow;
                } else if (existing == null) {
                    job = folder.createProject(WorkflowJob.class, task);
                } else {
                    listener.getLogger().println("roro: " + project + "/" + task + " exists and is not a Pipeline job;"
                            + " left alone");
                    continue;
                }
                String script = RetrainPipeline.script(task, nonEmpty(schedule.path("serve").asText("")),
                        nonEmpty(git.path("remote").asText("")), nonEmpty(git.path("branch").asText("")),
                        Optional.ofNullable(RoroConfiguration.get().getAgentLabel()));
                if (!(job.getDefinition() instanceof CpsFlowDefinition current) || !current.getScript().equals(script)) {
                    job.setDefinition(new CpsFlowDefinition(script, true)); // sandboxed: SYSTEM cannot approve
                }
                job.setDescription(MARKER + ": task " + task + ", schedule '" + schedule.path("jenkinsSpec").asText()
                        .replace('\n', ' ') + "'");
                List<Trigger<?>> triggers = new ArrayList<>();
                triggers.add(new TimerTrigger(schedule.get("jenkinsSpec").asText()));
                job.setTriggers(triggers);
                if (job.isDisabled()) {
                    job.makeDisabled(false); // setDisabled is @Restricted(DoNotUse); makeDisabled also saves
                }
                names.add(job.getFullName());
                listener.getLogger().println("roro: job " + job.getFullName() + " runs '"
                        + schedule.get("jenkinsSpec").asText().replace('\n', ' ') + "'");
            }
            for (TopLevelItem item : folder.getItems()) {
                if (item instanceof WorkflowJob job && !wanted.contains(job.getName())
                        && job.getDescription() != null && job.getDescription().startsWith(MARKER)
                        && !job.isDisabled()) {
                    job.setTriggers(new ArrayList<>());
                    job.makeDisabled(true);
                    listener.getLogger().println("roro: disabled " + job.getFullName()
                            + " (its task has no schedule in roro.yml any more)");
                }
            }
        }
        return names;
    }

    private static Optional<String> nonEmpty(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
