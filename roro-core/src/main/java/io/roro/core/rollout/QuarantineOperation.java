package io.roro.core.rollout;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.Quarantine;
import io.roro.core.platform.Platform;
import io.roro.core.serve.ServeOperation;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes a bad dataset version, build or model version out of use after an incident: every live deployment of the
 * project derived from it (reverse lineage: a version trained on it, built by it, tuned from one that was) goes
 * back to the newest revision it served that is not, or stops when there is none; a canary or shadow derived from
 * it is taken away. The quarantine is recorded first, so nothing derived from it is served or trained again while
 * it lasts; each step is a timeline event naming it and its reason. Deployments of other projects are listed for
 * their own project's command.
 */
public final class QuarantineOperation {
    private final Platform platform;
    private final Lineage lineage;

    public QuarantineOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.lineage = lineage;
    }

    /** What a quarantine does to one service. */
    public enum Action { ROLL_BACK, STOP, DROP_CANDIDATE }

    /** One service's step: the revision it goes back to for a rollback. */
    public record Step(String project, String service, Action action, Optional<String> version,
            Optional<String> build) {
        public String describe() {
            return project + ":" + service + ": " + switch (action) {
                case ROLL_BACK -> "back to " + version.orElse("its build") + " on " + build.orElse("?");
                case STOP -> "stopped (no revision it served is clean)";
                case DROP_CANDIDATE -> "its canary or shadow taken away";
            };
        }
    }

    /** @param elsewhere live deployments of other projects derived from it, for their own project's command */
    public record Plan(LineageRef ref, List<Step> steps, List<String> elsewhere) {
        public Plan {
            steps = List.copyOf(steps);
            elsewhere = List.copyOf(elsewhere);
        }
    }

    /** What quarantining {@code ref} would do, doing nothing ({@code --dry-run}). */
    public Plan plan(ProjectSpec spec, LineageRef ref) {
        requireExists(ref);
        List<Step> steps = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (Deployment d : lineage.deployments().deployments(Optional.empty())) {
            if (!d.isLive()) {
                continue;
            }
            boolean live = tainted(d.modelVersion(), d.buildVersion(), ref);
            boolean candidate = d.candidate().filter(c -> tainted(c.modelVersion(), c.buildVersion(), ref))
                    .isPresent();
            if (!live && !candidate) {
                continue;
            }
            if (!d.project().equals(spec.project())) {
                elsewhere.add(d.project() + ":" + d.service());
            } else if (live) {
                steps.add(cleanRevision(d, ref).map(e -> new Step(d.project(), d.service(), Action.ROLL_BACK,
                        e.modelVersion(), e.buildVersion())).orElse(new Step(d.project(), d.service(), Action.STOP,
                        Optional.empty(), Optional.empty())));
            } else {
                steps.add(new Step(d.project(), d.service(), Action.DROP_CANDIDATE, Optional.empty(),
                        Optional.empty()));
            }
        }
        return new Plan(ref, steps, elsewhere);
    }

    /** Quarantines {@code ref} and carries out its plan, step by step, each said on {@code log}. */
    public Plan quarantine(ProjectSpec spec, LineageRef ref, String reason, Origin origin, Consumer<String> log) {
        Plan plan = plan(spec, ref);
        Quarantine q = lineage.quarantines().quarantine(ref, reason, origin);
        String why = "quarantine of " + q.describe();
        CanaryOperation canaries = new CanaryOperation(platform, lineage);
        for (Step step : plan.steps()) {
            log.accept("roro: " + step.describe());
            // a candidate beside a tainted live version goes first: a rollback is refused while one runs
            if (step.action() == Action.DROP_CANDIDATE || lineage.deployments().deployment(step.project(),
                    step.service()).flatMap(Deployment::candidate).isPresent()) {
                canaries.abort(step.project(), step.service(), why, origin, log);
            }
            switch (step.action()) {
                case ROLL_BACK -> rollBack(spec, step, why, origin, log);
                case STOP -> stop(step, why, origin);
                case DROP_CANDIDATE -> { }
            }
        }
        return plan;
    }

    /** Ends the quarantine of {@code ref}: what derives from it may be served and trained on again. */
    public Quarantine lift(LineageRef ref) {
        return lineage.quarantines().lift(ref);
    }

    private void rollBack(ProjectSpec spec, Step step, String why, Origin origin, Consumer<String> log) {
        BuildVersion build = step.build().flatMap(lineage.projects()::buildVersion).orElseThrow(() ->
                new LineageException("the build " + step.build().orElse("(none)") + " of the clean revision is not"
                        + " recorded"));
        ServeOperation serving = new ServeOperation(platform, lineage);
        ServeOperation.Prepared prepared = serving.prepare(spec, step.service(), step.version(), Optional.empty(),
                Optional.empty(), log);
        serving.serveAsRollback(new ServeRequest(spec, step.service(), step.version(), Optional.empty(), build,
                Optional.empty(), origin), prepared, why, log);
    }

    private DeploymentEvent stop(Step step, String why, Origin origin) {
        Deployment current = lineage.deployments().deployment(step.project(), step.service()).orElseThrow();
        platform.services().stop(step.project(), step.service());
        return lineage.deployments().record(new DeploymentChange(step.project(), step.service(),
                DeploymentEventType.STOPPED, DeploymentState.STOPPED, current.modelVersion(), current.buildVersion(),
                0, current.profile(), current.target(), current.endpoint(), Optional.of(why), origin,
                Optional.empty()));
    }

    /** The newest revision the service served that is clean of {@code ref} and every quarantine in force. */
    private Optional<DeploymentEvent> cleanRevision(Deployment d, LineageRef ref) {
        List<DeploymentEvent> events = lineage.deployments().timeline(d.project(), d.service());
        for (int i = events.size() - 1; i >= 0; i--) {
            DeploymentEvent e = events.get(i);
            boolean wasLive = e.type() == DeploymentEventType.DEPLOYED || e.type() == DeploymentEventType.ROLLED_BACK
                    || e.type() == DeploymentEventType.PROMOTED;
            if (wasLive && e.buildVersion().isPresent() && !tainted(e.modelVersion(), e.buildVersion(), ref)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Whether a model version or build is {@code ref}, derived from it, or under a quarantine in force. */
    private boolean tainted(Optional<String> version, Optional<String> build, LineageRef ref) {
        if (build.filter(b -> isBuild(ref, b) || lineage.quarantines().ofBuild(b).isPresent()).isPresent()) {
            return true;
        }
        return version.filter(v -> lineage.quarantines().taintOf(v).isPresent() || derivedFrom(v, ref)).isPresent();
    }

    private boolean derivedFrom(String versionId, LineageRef ref) {
        Set<String> seen = new HashSet<>();
        Optional<ModelVersion> next = lineage.models().modelVersion(versionId);
        while (next.isPresent() && seen.add(next.get().id())) {
            ModelVersion v = next.get();
            if (ref.kind() == LineageRef.Kind.MODEL_VERSION && ref.id().equals(v.id())
                    || ref.kind() == LineageRef.Kind.DATASET && v.dataset().equals(Optional.of(ref.id()))
                    || v.buildVersion().filter(b -> isBuild(ref, b)).isPresent()) {
                return true;
            }
            next = v.pretrained().flatMap(lineage.models()::modelVersion);
        }
        return false;
    }

    private static boolean isBuild(LineageRef ref, String buildId) {
        return ref.kind() == LineageRef.Kind.BUILD && ref.id().equals(buildId);
    }

    private void requireExists(LineageRef ref) {
        boolean exists = switch (ref.kind()) {
            case DATASET -> lineage.datasets().dataset(ref.id()).isPresent();
            case BUILD -> lineage.projects().buildVersion(ref.id()).isPresent();
            case MODEL_VERSION -> lineage.models().modelVersion(ref.id()).isPresent();
            case DEPLOYMENT -> throw new IllegalArgumentException("a deployment is stopped or rolled back, not"
                    + " quarantined: quarantine the dataset version, build or model version it serves");
        };
        if (!exists) {
            throw new IllegalArgumentException("no " + ref.format() + " in lineage");
        }
    }
}
