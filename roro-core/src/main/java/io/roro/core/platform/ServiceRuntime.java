package io.roro.core.platform;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a platform runs services. The serve operation decides what to serve and records what happened; the platform
 * makes it so: new replicas beside the old ones, health-checked, then the switch, or the old ones kept.
 */
public interface ServiceRuntime {
    /**
     * Holds off every other change of {@code service}'s rollout (serve, deploy, rollback, canary start) in any
     * process that shares this platform's state, waiting for one that runs now (said on {@code log}). The serve
     * operation takes it before it reads what is live and holds it until what it did is recorded: two Jenkins
     * builds serving one service at once run one after the other instead of starting backends in one slot.
     * {@link #prepare} and the roll-outs are called under it. A platform whose own API serialises changes needs none.
     */
    default Lock lock(String project, String service, Consumer<String> log) {
        return () -> { };
    }

    /** A held service lock; closing it again does nothing. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Work that needs no image (model files, routes, ports), done while a deploy's image builds; a wait is said
     * on {@code log} as it starts. Throws {@link PlatformException} when the service cannot be served here.
     */
    PreparedService prepare(ServicePlan plan, Consumer<String> log);

    /** Runs the prepared service on {@code build}'s image and switches to it once it is healthy, else keeps the old. */
    Rollout rollOut(PreparedService prepared, BuildVersion build, Consumer<String> log);

    /** Takes a service off its endpoint and removes what runs it. */
    void stop(String project, String service);

    /**
     * How many replicas of each of the project's recorded {@code deployments} run now (what {@code ps} shows as
     * READY); a service this platform cannot tell about is left out, and nothing is when it cannot be reached.
     * A platform also puts right here what an interrupted command left behind, saying so on {@code log}.
     */
    Map<String, Integer> ready(String project, List<Deployment> deployments,
            Consumer<String> log);

    /**
     * {@link #ready(String, java.util.List, Consumer)} with the deployments given when the platform needs them: a
     * platform that can ask what runs before it knows them does so (the Docker engine's listing, while lineage is
     * read).
     */
    default Map<String, Integer> ready(String project,
            Supplier<List<Deployment>> deployments,
            Consumer<String> log) {
        return ready(project, deployments.get(), log);
    }

    /**
     * The recent log of the service's replicas to {@code out}. Throws {@link PlatformException} saying so when none
     * runs, {@link IllegalArgumentException} for what this platform cannot do (follow).
     */
    void logs(String project, String service, int tail, boolean follow, Consumer<String> out);

    /**
     * The whole log of the last backend of {@code service} that did not become healthy (it is removed, and the
     * failure's one line points here); a PlatformException when none was kept.
     */
    default void failedLog(String project, String service, Consumer<String> out) {
        throw new PlatformException("the log of a failed start is not kept on this target");
    }

    /**
     * The share a canary asked to take {@code asked} percent gets here (a platform that splits by replicas gets the
     * nearest ratio); a PlatformException says why it cannot be had. Asked before anything is built.
     */
    default int canaryShare(String project, String service, int asked) {
        return asked;
    }

    /**
     * Starts the prepared version beside the live one as {@code candidate}: a canary that takes its share of the
     * requests, or a shadow that gets a copy of each. As with {@link #rollOut}, it takes no traffic until
     * {@link Rollout#goLive} (after lineage has recorded it); the live version keeps serving either way.
     */
    default Rollout rollOutCandidate(PreparedService prepared, BuildVersion build,
            Candidate candidate, Consumer<String> log) {
        throw new PlatformException("canary and shadow rollouts are not available on this target");
    }

    /** Sends all traffic to the candidate; the version that was live drains and goes. */
    default void promote(String project, String service, Consumer<String> log) {
        throw new PlatformException("canary and shadow rollouts are not available on this target");
    }

    /** Takes the candidate away: the live version answers every request again. */
    default void dropCandidate(String project, String service, Consumer<String> log) {
        throw new PlatformException("canary and shadow rollouts are not available on this target");
    }

    /** What the live version's and the candidate's replicas answered so far (cumulative; see TrafficSample). */
    default TrafficSample sample(String project, String service) {
        throw new PlatformException("canary and shadow rollouts are not available on this target");
    }

    /** A service planned on this platform, waiting for its image; the platform's own type. */
    interface PreparedService {
        ServicePlan plan();
    }
}
