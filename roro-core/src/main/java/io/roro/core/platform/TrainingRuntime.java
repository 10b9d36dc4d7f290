package io.roro.core.platform;

import io.roro.core.contract.TrainingHandle;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.TrainingRun;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a platform runs trainings. The training operation records them (WAITING, RUNNING, progress, the end); the
 * platform starts the work, hands over its output lines and says how it ended.
 */
public interface TrainingRuntime {
    /** Starts the recorded training detached: it runs on whatever happens to the caller. */
    TrainingHandle start(TrainingLaunch launch, Consumer<String> log);

    /**
     * Why {@code program} cannot run in {@code build}'s image (not on its PATH, not there), or empty when it can or
     * this platform cannot tell before it starts one.
     */
    default Optional<String> missingProgram(BuildVersion build, String program) {
        return Optional.empty();
    }

    /**
     * Why {@code build}'s image cannot run here as it was recorded (gone, or its name now given to another image),
     * or empty; asked before a training that must run exactly that image (a reproduction).
     */
    default Optional<String> imageProblem(BuildVersion build) {
        return Optional.empty();
    }

    /** The handle of a training started earlier, maybe by another process; a clear error if it was not started here. */
    TrainingHandle attach(TrainingRun run);

    /** Follows a started training to its end, every output line to {@code lines}. */
    TrainingExit follow(TrainingHandle handle, Consumer<String> lines);

    /** Empty while it runs (its output so far to {@code lines}); how it ended once it has. */
    Optional<TrainingExit> poll(TrainingHandle handle, Consumer<String> lines);

    /** Stops it and removes what it ran in. */
    void cancel(TrainingHandle handle);

    /** The output of a training still running on this platform; false when there is none to show here. */
    boolean liveLog(TrainingRun run, Consumer<String> lines);
}
