package io.jenkins.plugins.roro;

import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import jenkins.model.Jenkins;
import jenkins.security.ImpersonatingExecutorService;
import jenkins.security.ImpersonatingScheduledExecutorService;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.springframework.security.core.Authentication;

/**
 * The plugin's own threads for blocking work: {@code roro} processes on agents, lineage polls, canary judgements.
 * Not {@code jenkins.util.Timer}: its 10 threads are shared by all of Jenkins, so a slow MongoDB or agent would
 * stall every other periodic task of the controller. Work runs as the authentication of the step that scheduled
 * it (as SynchronousNonBlockingStepExecution does), never as SYSTEM; the thread factories are Jenkins' own
 * (a daemon thread, a name, the class loader reset so a plugin's loader does not leak).
 */
final class RoroExecutors {
    /** Polls and short agent calls; sized for many concurrent builds, each holding a thread only while it asks. */
    private static final ScheduledExecutorService SCHEDULER = new ScheduledThreadPoolExecutor(4,
            new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "roro steps"));
    /** Judgements take as long as a canary's promote_after: a thread each, never a scheduler's. */
    private static final ExecutorService JUDGES = Executors.newCachedThreadPool(new NamingThreadFactory(
            new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "roro serveModel judge"));

    private RoroExecutors() {
    }

    /** The scheduler, running each task as the build of {@code context} runs (also after a restart). */
    static ScheduledExecutorService scheduler(StepContext context) throws IOException, InterruptedException {
        return new ImpersonatingScheduledExecutorService(SCHEDULER, authenticationOf(context));
    }

    /** The judges' threads, running as the build of {@code context} runs. */
    static ExecutorService judges(StepContext context) throws IOException, InterruptedException {
        return new ImpersonatingExecutorService(JUDGES, authenticationOf(context));
    }

    /** What the Pipeline runs as (its QueueItemAuthenticator's choice, persisted with the flow). */
    private static Authentication authenticationOf(StepContext context) throws IOException, InterruptedException {
        FlowExecution execution = context.get(FlowExecution.class);
        return execution == null ? Jenkins.ANONYMOUS2 : execution.getAuthentication2();
    }
}
