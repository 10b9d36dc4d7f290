package io.roro.core.rollout;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformException;
import io.roro.core.platform.Rollout;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrafficSample;
import io.roro.core.serve.ServeException;
import io.roro.core.serve.ServeOperation;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec.RolloutPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Progressive delivery of a live service: a new version beside the live one as a canary (a share of the requests)
 * or a shadow (a copy of each), then promoted or taken away. Lineage records each step before traffic changes
 * (CANARY_STARTED or SHADOW_STARTED with the candidate, PROMOTED, ABORTED with why), so what is routed to is
 * always what lineage says; a killed command leaves a state the platform puts right to what lineage records.
 */
public final class CanaryOperation {
    private final Platform platform;
    private final ServiceRuntime runtime;
    private final Lineage lineage;

    public CanaryOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.runtime = platform.services();
        this.lineage = lineage;
    }

    /**
     * Starts {@code version} (or the service's latest) beside the live version. What is wrong is said before
     * anything is built: a share outside 1-99, a service not live here, a candidate already running.
     */
    public DeploymentEvent start(ProjectSpec spec, String service, Optional<String> version, Candidate.Mode mode,
            int share, Supplier<BuildVersion> build, Origin origin, Consumer<String> log) {
        return start(spec, service, version, mode, share, Optional.empty(), build, origin, log);
    }

    /** @param judgeFor how long from now the canary is judged (recorded with it, for whoever watches it) */
    public DeploymentEvent start(ProjectSpec spec, String service, Optional<String> version, Candidate.Mode mode,
            int share, Optional<Duration> judgeFor, Supplier<BuildVersion> build, Origin origin,
            Consumer<String> log) {
        return start(spec, service, version, mode, share, judgeFor, build, origin, log,
                new ServeOperation(platform, lineage).lock(spec.project(), service, log));
    }

    /**
     * @param lock the service's lock (ServeOperation.lock), held by the caller; released when this returns: what
     *             is live is read, the candidate started and recorded under it
     */
    public DeploymentEvent start(ProjectSpec spec, String service, Optional<String> version, Candidate.Mode mode,
            int share, Optional<Duration> judgeFor, Supplier<BuildVersion> build, Origin origin,
            Consumer<String> log, ServiceRuntime.Lock lock) {
        try (lock) {
            return startHeld(spec, service, version, mode, share, judgeFor, build, origin, log, lock);
        }
    }

    private DeploymentEvent startHeld(ProjectSpec spec, String service, Optional<String> version,
            Candidate.Mode mode, int share, Optional<Duration> judgeFor, Supplier<BuildVersion> build,
            Origin origin, Consumer<String> log, ServiceRuntime.Lock lock) {
        if (mode == Candidate.Mode.CANARY && (share < 1 || share > 99)) {
            throw new ServeException("a canary takes 1 to 99 percent of the requests, not " + share
                    + " (e.g. --canary 10); to move all of them, serve without --canary or promote");
        }
        Deployment current = live(spec.project(), service);
        current.candidate().ifPresent(c -> {
            throw new ServeException(id(current) + " already has a " + c.describe() + " beside " + serving(current)
                    + ": `roro promote " + service + "` or `roro rollback " + service + "` first");
        });
        int granted;
        try {
            granted = mode == Candidate.Mode.CANARY ? runtime.canaryShare(spec.project(), service, share) : 0;
        } catch (PlatformException e) {
            throw new ServeException(e.getMessage(), e);
        }
        ServeOperation.Prepared prepared = new ServeOperation(platform, lineage).prepare(spec, service, version,
                Optional.empty(), Optional.empty(), lock, log);
        Optional<String> candidateVersion = prepared.plan().version().map(ModelVersion::id);
        BuildVersion image = build.get();
        if (candidateVersion.equals(current.modelVersion())
                && current.buildVersion().equals(Optional.of(image.id()))) {
            throw new ServeException(id(current) + " already serves " + serving(current) + " on build "
                    + image.tag() + ": nothing new to try beside it");
        }
        Candidate candidate = new Candidate(mode, candidateVersion, Optional.of(image.id()), granted,
                judgeFor.filter(d -> mode == Candidate.Mode.CANARY));
        DeploymentChange started = change(current, mode == Candidate.Mode.CANARY ? DeploymentEventType.CANARY_STARTED
                : DeploymentEventType.SHADOW_STARTED, current.modelVersion(), current.buildVersion(),
                Optional.of(candidate.describe() + " beside " + serving(current)), origin, Optional.of(candidate));
        lineage.deployments().link(started);
        Rollout rollout;
        try {
            rollout = runtime.rollOutCandidate(prepared.platform(), image, candidate, log);
        } catch (PlatformException e) {
            throw new ServeException(e.getMessage(), e);
        }
        if (rollout.outcome() != Rollout.Outcome.LIVE) {
            throw failed(spec, current, candidate, rollout.failedHow(), rollout.message().orElse(""), origin);
        }
        DeploymentEvent event;
        try {
            event = lineage.deployments().recordLinked(started);
        } catch (RuntimeException e) {
            rollout.abandon().run(); // not recorded, so never routed to
            throw e;
        }
        try {
            rollout.goLive().run();
        } catch (PlatformException e) {
            // recorded, and its replicas never became ready (so no request reached them): recorded as taken away
            ServeException failure = failed(spec, current, candidate, "did not start", e.getMessage(), origin);
            failure.initCause(e);
            throw failure;
        }
        return event;
    }

    /** A candidate that never served: recorded ABORTED (the live version kept every request), as an error. */
    private ServeException failed(ProjectSpec spec, Deployment current, Candidate candidate, String how,
            String message, Origin origin) {
        String failure = platform.configVars(spec.project()).mask().apply(message);
        lineage.deployments().recordLinked(change(current, DeploymentEventType.ABORTED, current.modelVersion(),
                current.buildVersion(), Optional.of(candidate.describe() + " " + how + "; " + serving(current)
                        + " answers every request: " + failure), origin, Optional.empty()));
        return new ServeException(candidate.describe() + " " + how + "; " + current.service()
                + " still answers every request with " + serving(current) + ". " + failure);
    }

    /** Makes the candidate the live version: recorded PROMOTED, then every request goes to it. */
    public DeploymentEvent promote(String project, String service, Optional<String> reason, Origin origin,
            Consumer<String> log) {
        Deployment current = withCandidate(project, service, "promote");
        Candidate c = current.candidate().orElseThrow();
        DeploymentEvent event = lineage.deployments().recordLinked(change(current, DeploymentEventType.PROMOTED,
                c.modelVersion(), c.buildVersion(), Optional.of("promoted " + c.describe() + ", was "
                        + serving(current) + reason.map(r -> ": " + r).orElse("")), origin, Optional.empty()));
        try {
            runtime.promote(project, service, log);
        } catch (PlatformException e) {
            // recorded: the next command that looks at the service routes as lineage says (the platform puts it right)
            log.accept("roro: " + e.getMessage() + "; lineage records " + c.describe() + " as promoted");
        }
        return event;
    }

    /** Takes the candidate away: recorded ABORTED with why, then the live version answers every request again. */
    public DeploymentEvent abort(String project, String service, String reason, Origin origin, Consumer<String> log) {
        Deployment current = withCandidate(project, service, "roll back");
        Candidate c = current.candidate().orElseThrow();
        DeploymentEvent event = lineage.deployments().recordLinked(change(current, DeploymentEventType.ABORTED,
                current.modelVersion(), current.buildVersion(), Optional.of(c.describe() + " taken away, "
                        + serving(current) + " answers every request: " + reason), origin, Optional.empty()));
        try {
            runtime.dropCandidate(project, service, log);
        } catch (PlatformException e) {
            log.accept("roro: " + e.getMessage() + "; lineage records " + c.describe() + " as taken away");
        }
        return event;
    }

    /**
     * What a rollback of a service is (`roro rollback`, the roroRollback step): a canary or shadow beside the live
     * version is taken away (ABORTED); without one, the revision live before is served again (ServeOperation).
     *
     * @return the event recorded, empty when the platform already ran what it went back to
     */
    public Optional<DeploymentEvent> rollBack(ProjectSpec spec, String service, Supplier<BuildVersion> build,
            boolean modelOnly, Origin origin, Consumer<String> log) {
        boolean candidate = lineage.deployments().deployment(spec.project(), service).filter(Deployment::isLive)
                .flatMap(Deployment::candidate).isPresent();
        if (candidate) {
            return Optional.of(abort(spec.project(), service, "rolled back by " + origin.user(), origin, log));
        }
        return new ServeOperation(platform, lineage).rollBackToPrevious(spec, service, build, modelOnly, origin, log);
    }

    /** How the live version and the candidate answered so far, as their replicas count it. */
    public TrafficReport report(String project, String service) {
        return report(project, service, RolloutPolicy.manual(RolloutPolicy.DEFAULT_CANARY));
    }

    /** {@link #report(String, String)} with the judge's verdict so far, by {@code policy}'s limits. */
    public TrafficReport report(String project, String service, RolloutPolicy policy) {
        Deployment current = withCandidate(project, service, "report on");
        Candidate c = current.candidate().orElseThrow();
        TrafficSample sample = runtime.sample(project, service);
        Optional<Verdict> soFar = Optional.empty();
        if (c.mode() == Candidate.Mode.CANARY) {
            // without a time to judge it in, only its limits count: it is never due, and that is what is said
            Optional<Duration> judgedIn = c.judgeFor().or(policy::promoteAfter);
            Duration due = judgedIn.orElse(Duration.ofDays(3650));
            Verdict verdict = new CanaryJudge(new RolloutPolicy(policy.canary(), Optional.of(due),
                    policy.maxErrorRate(), policy.maxP99Ms(), policy.minRequests())).judge(sample,
                    Duration.between(current.updatedAt(), Instant.now()));
            if (judgedIn.isEmpty() && verdict.decision() == Verdict.Decision.WAIT) {
                verdict = Verdict.waiting(CanaryJudge.numbers(sample.candidate(), sample.live()) + "; within its"
                        + " limits so far, and not judged by time (no promote_after): `roro promote " + service
                        + "` or `roro rollback " + service + "` decides");
            }
            soFar = Optional.of(verdict);
        }
        return new TrafficReport(project, service, current.modelVersion(), c, sample, soFar);
    }

    /**
     * The verdict on the service's last candidate when none runs now and its last change was one (PROMOTED or
     * ABORTED): what a judgement asked for again after it ended (a Jenkins step after a restart) answers.
     */
    Optional<DeploymentEvent> verdict(String project, String service) {
        boolean runs = lineage.deployments().deployment(project, service).filter(Deployment::isLive)
                .flatMap(Deployment::candidate).isPresent();
        if (runs) {
            return Optional.empty();
        }
        var timeline = lineage.deployments().timeline(project, service);
        return timeline.isEmpty() ? Optional.empty() : Optional.of(timeline.get(timeline.size() - 1))
                .filter(e -> e.type() == DeploymentEventType.PROMOTED || e.type() == DeploymentEventType.ABORTED);
    }

    /** The service's deployment with its candidate; what to do when there is none is said. */
    Deployment withCandidate(String project, String service, String what) {
        Deployment current = lineage.deployments().deployment(project, service).filter(Deployment::isLive)
                .orElseThrow(() -> new ServeException("service " + project + ":" + service + " is not live: no"
                        + " canary or shadow to " + what));
        if (current.candidate().isEmpty()) {
            throw new ServeException("no canary or shadow of " + id(current) + " runs (it serves "
                    + serving(current) + "): nothing to " + what + "; `roro serve " + service + " --canary 10`"
                    + " starts one");
        }
        return current;
    }

    private Deployment live(String project, String service) {
        return lineage.deployments().deployment(project, service)
                .filter(d -> d.isLive() && d.target().equals(platform.name()))
                .orElseThrow(() -> new ServeException("service " + project + ":" + service + " is not live on "
                        + platform.name() + ": a canary or shadow runs beside a live version; `roro serve "
                        + service + "` first"));
    }

    private DeploymentChange change(Deployment d, DeploymentEventType type, Optional<String> version,
            Optional<String> build, Optional<String> message, Origin origin, Optional<Candidate> candidate) {
        return new DeploymentChange(d.project(), d.service(), type, DeploymentState.RUNNING, version, build,
                d.replicas(), d.profile(), d.target(), d.endpoint(), message, origin, candidate);
    }

    private static String id(Deployment d) {
        return d.project() + ":" + d.service();
    }

    static String serving(Deployment d) {
        return d.modelVersion().orElse("its build");
    }
}
