package io.jenkins.plugins.roro;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessControlled;
import hudson.triggers.TimerTrigger;
import hudson.triggers.Trigger;
import io.roro.core.contract.DeployResult;
import io.roro.core.contract.GitInfo;
import io.roro.core.schedule.RetrainPipeline;
import io.roro.core.schedule.TaskSchedule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.springframework.security.core.Authentication;

/**
 * Keeps a project's scheduled retrain jobs in line with its roro.yml: under roro's own top folder
 * ({@value TaskSchedule#RETRAIN_FOLDER}, so no name of the user's is taken), a folder per project and a Pipeline job
 * per scheduled task with a TimerTrigger (the cron spec computed by roro, {@code TZ=} included) and a sandboxed
 * script that trains and publishes (and serves, when the task says so). Jobs of tasks that lost their schedule are
 * disabled, not deleted, so their history stays.
 *
 * <p>Only items roro made (their description starts with roro's marker) are changed; anything else under those
 * names is reported and left alone. Everything is done as the build's own authentication (what the Authorize
 * Project plugin or the controller's defaults make it), with Item.CREATE on the folder to create and
 * Item.CONFIGURE on a job to change it: a Pipeline that calls roroDeploy can do no more than its build may.
 */
final class RetrainJobs {
    static final String MARKER = "Managed by roro from roro.yml";
    static final String FOLDER_MARKER = "roro project ";
    static final String TOP_FOLDER_MARKER = "Managed by roro: retrain jobs of roro.yml projects";

    /** What a sync did: the jobs that match the schedules now, and what it could not do (each a sentence). */
    record Outcome(List<String> jobs, List<String> problems) {
    }

    private RetrainJobs() {
    }

    /** roro's folder of retrain jobs, {@code roro-retrain} at the root, as roro made it. */
    static boolean isRorosTopFolder(Folder folder) {
        return folder.getParent() == Jenkins.get() && folder.getName().equals(TaskSchedule.RETRAIN_FOLDER)
                && TOP_FOLDER_MARKER.equals(folder.getDescription());
    }

    static Outcome sync(String project, List<DeployResult.ScheduledTask> schedules, Optional<GitInfo> git,
            Authentication as, TaskListener listener) throws IOException {
        List<String> jobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (ACLContext ignored = ACL.as2(as)) {
            Jenkins jenkins = Jenkins.get();
            Jenkins.checkGoodName(project);
            Folder top = folder(jenkins, jenkins.getItem(TaskSchedule.RETRAIN_FOLDER), TaskSchedule.RETRAIN_FOLDER,
                    TOP_FOLDER_MARKER, as, problems, () -> jenkins.createProject(Folder.class,
                            TaskSchedule.RETRAIN_FOLDER));
            if (top == null) {
                return new Outcome(jobs, problems);
            }
            Folder folder = folder(top, top.getItem(project), TaskSchedule.projectFolderFullName(project),
                    FOLDER_MARKER + project, as, problems, () -> top.createProject(Folder.class, project));
            if (folder == null) {
                return new Outcome(jobs, problems);
            }
            Set<String> wanted = new TreeSet<>();
            for (DeployResult.ScheduledTask schedule : schedules) {
                String task = schedule.task();
                Jenkins.checkGoodName(task);
                wanted.add(task);
                WorkflowJob job = job(folder, task, as, problems);
                if (job != null && configure(job, task, schedule, git, problems)) {
                    jobs.add(job.getFullName());
                    listener.getLogger().println("roro: job " + job.getFullName() + " runs '"
                            + schedule.jenkinsSpec().replace('\n', ' ') + "'");
                }
            }
            for (TopLevelItem item : folder.getItems()) {
                if (item instanceof WorkflowJob job && !wanted.contains(job.getName()) && madeByRoro(job)
                        && !job.isDisabled()) {
                    if (!job.getACL().hasPermission2(as, Item.CONFIGURE)) {
                        problems.add(as.getName() + " may not configure " + job.getFullName() + " to disable it");
                        continue;
                    }
                    job.setTriggers(new ArrayList<>());
                    job.makeDisabled(true);
                    listener.getLogger().println("roro: disabled " + job.getFullName()
                            + " (its task has no schedule in roro.yml any more)");
                }
            }
        }
        return new Outcome(jobs, problems);
    }

    private interface Creation {
        Folder create() throws IOException;
    }

    /** The folder roro made under {@code parent}, made now if missing and allowed; null (and a problem) otherwise. */
    private static Folder folder(AccessControlled parent, TopLevelItem existing, String fullName, String marker,
            Authentication as, List<String> problems, Creation creation) throws IOException {
        if (existing instanceof Folder folder && folder.getDescription() != null
                && folder.getDescription().startsWith(marker)) {
            return folder;
        }
        if (existing != null) {
            problems.add(fullName + " exists and was not made by roro; left alone (rename it to let roro make its"
                    + " retrain jobs there)");
            return null;
        }
        if (!parent.getACL().hasPermission2(as, Item.CREATE)) {
            problems.add(as.getName() + " may not create " + fullName + " (Item.CREATE)");
            return null;
        }
        Folder created = creation.create();
        created.setDescription(marker);
        return created;
    }

    private static WorkflowJob job(Folder folder, String task, Authentication as, List<String> problems)
            throws IOException {
        TopLevelItem existing = folder.getItem(task);
        if (existing instanceof WorkflowJob workflow && madeByRoro(workflow)) {
            if (!workflow.getACL().hasPermission2(as, Item.CONFIGURE)) {
                problems.add(as.getName() + " may not configure " + workflow.getFullName() + " (Item.CONFIGURE)");
                return null;
            }
            return workflow;
        }
        if (existing != null) {
            problems.add(existing.getFullName() + " exists and was not made by roro; left alone");
            return null;
        }
        if (!folder.getACL().hasPermission2(as, Item.CREATE)) {
            problems.add(as.getName() + " may not create jobs in " + folder.getFullName() + " (Item.CREATE)");
            return null;
        }
        WorkflowJob job = folder.createProject(WorkflowJob.class, task);
        job.setDescription(MARKER + ": task " + task); // marked at once: a failure below leaves it roro's
        return job;
    }

    private static boolean configure(WorkflowJob job, String task, DeployResult.ScheduledTask schedule,
            Optional<GitInfo> git, List<String> problems) throws IOException {
        String spec = schedule.jenkinsSpec();
        String script = RetrainPipeline.script(task, nonEmpty(schedule.serve()), nonEmpty(schedule.serveIf()),
                git.flatMap(GitInfo::remote),
                git.flatMap(GitInfo::branch), Optional.ofNullable(RoroConfiguration.get().getAgentLabel()));
        if (!(job.getDefinition() instanceof CpsFlowDefinition current) || !current.getScript().equals(script)) {
            try {
                job.setDefinition(new CpsFlowDefinition(script, true)); // sandboxed: no approval needed or given
            } catch (Descriptor.FormException e) {
                problems.add("cannot set the script of " + job.getFullName() + ": " + e.getMessage());
                return false;
            }
        }
        job.setDescription(MARKER + ": task " + task + ", schedule '" + spec.replace('\n', ' ') + "'");
        List<Trigger<?>> triggers = new ArrayList<>();
        triggers.add(new TimerTrigger(spec));
        job.setTriggers(triggers);
        if (job.isDisabled()) {
            job.makeDisabled(false); // setDisabled is @Restricted(DoNotUse); makeDisabled also saves
        }
        return true;
    }

    private static boolean madeByRoro(WorkflowJob job) {
        return job.getDescription() != null && job.getDescription().startsWith(MARKER);
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
