package io.roro.core.lineage.store;

import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Quarantine;
import io.roro.core.contract.TrainingRun;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Told of what lineage records once it is recorded, wherever it was recorded from (a command, a Jenkins step, a
 * detached finisher, a Job's last step): what an external lineage system (OpenLineage) is sent. A listener never
 * changes or fails a record: what it throws is logged and dropped.
 */
public interface LineageListener {
    /** A training started running. */
    default void trainingStarted(TrainingRun training) {
    }

    /** A training ended: FINISHED, FAILED or CANCELLED. */
    default void trainingEnded(TrainingRun training) {
    }

    /** A model version was published. */
    default void versionPublished(ModelVersion version) {
    }

    /** A deployment changed (served, rolled back, a canary started or ended, stopped). */
    default void deploymentRecorded(DeploymentEvent event) {
    }

    /** Something was quarantined (or its quarantine lifted: {@code quarantine.lifted()} says when). */
    default void quarantineChanged(Quarantine quarantine) {
    }

    /** The lineage closes: what the listener holds (connections) goes. */
    public default void close() {
    }

    /** The listener of one lineage, none until one is set; what a listener throws is logged. */
    final class Slot {
        private static final Logger LOG = Logger.getLogger(LineageListener.class.getName());
        private final AtomicReference<LineageListener> listener = new AtomicReference<>(new LineageListener() { });

        public void set(LineageListener next) {
            listener.set(next);
        }

        public void close() {
            tell(LineageListener::close);
        }

        void tell(Consumer<LineageListener> what) {
            try {
                what.accept(listener.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a lineage listener failed; the record stands", e);
            }
        }
    }
}
