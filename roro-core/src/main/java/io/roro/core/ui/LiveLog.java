package io.roro.core.ui;

import io.roro.core.contract.TrainingRun;
import java.util.function.Consumer;

/**
 * Where a running training's output is read while it runs (a platform's TrainingRuntime::liveLog): true when it
 * gave the lines, false when it cannot show that training here (it runs elsewhere, or has ended).
 */
@FunctionalInterface
public interface LiveLog {
    LiveLog NONE = (run, lines) -> false;

    boolean read(TrainingRun run, Consumer<String> lines);
}
