package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import io.roro.core.train.TrainOperation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code roro train logs -f}: a running training's output as it comes, read from where it runs (masked as every
 * log roro shows), the lines not printed yet each second, until the training has ended; then the rest of the log
 * it stored. It only reads: the training's end is recorded by its finisher or whoever asks for its status.
 */
final class FollowedLog {
    private FollowedLog() {
    }

    static int follow(TrainOperation operation, Lineage lineage, String training, PrintWriter out) {
        int printed = 0;
        while (true) {
            TrainingRun run = lineage.trainings().training(training).orElseThrow(() ->
                    new LineageException("no training " + training));
            List<String> lines = new ArrayList<>();
            boolean ended = run.state().isFinal();
            if (ended) {
                operation.log(training, lines::add);
            } else {
                operation.liveLog(run, lines::add);
            }
            for (int i = printed; i < lines.size(); i++) {
                out.println(lines.get(i));
            }
            printed = Math.max(printed, lines.size());
            out.flush();
            if (ended) {
                return run.state() == TrainingState.FINISHED ? 0 : 1;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
    }
}
