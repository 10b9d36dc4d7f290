package io.roro.core.runtime.kubernetes;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.TrainingRun;
import io.roro.core.train.TrainRequest;
import io.roro.core.train.TrainingException;
import io.roro.core.train.TrainingRecords;
import java.util.Optional;

/**
 * Trainings on the Kubernetes target: recorded in lineage, run as a Job ({@link TrainingJobs}) that records its
 * own successful end, and followed from outside so a failed Job becomes a FAILED training with Kubernetes' reason.
 */
public final class KubernetesTraining {
    private final KubernetesDeployer deployer;
    private final KubernetesSettings settings;
    private final Lineage lineage;

    public KubernetesTraining(KubernetesDeployer deployer, KubernetesSettings settings, Lineage lineage) {
        this.deployer = deployer;
        this.settings = settings;
        this.lineage = lineage;
    }

    /** Records the training and creates its Job; returns the training's id. */
    public String start(TrainRequest request, String image) {
        TrainingRecords.Prepared prepared = TrainingRecords.create(lineage, request);
        TrainingRun training = prepared.training();
        try {
            deployer.startJob(TrainingJobs.job(settings, training.project(), training.name(), prepared.task(),
                    image, request.build().id(), prepared.profile(), prepared.params(),
                    prepared.dataset().map(d -> d.id())));
            lineage.store().startTraining(training.id());
            return training.id();
        } catch (RuntimeException e) {
            lineage.store().failTraining(training.id(), "cannot create its Job: " + e.getMessage());
            throw new TrainingException("training " + training.id() + " could not start: " + e.getMessage());
        }
    }

    private void storeLog(String trainingId, String log) {
        byte[] bytes = log.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TrainingRecords.storeLog(lineage, trainingId, new java.io.ByteArrayInputStream(bytes), bytes.length);
    }

    /** Stops a running training: its Job goes (with its pod), the training is CANCELLED; an ended one stays. */
    public TrainingRun cancel(String trainingId, String reason) {
        TrainingRun run = lineage.store().training(trainingId)
                .orElseThrow(() -> new TrainingException("no training " + trainingId));
        if (run.state().isFinal()) {
            return run;
        }
        deployer.deleteJob(KubeNames.name("roro-train", run.project(), run.name()));
        return lineage.store().cancelTraining(trainingId, reason);
    }

    /** Polls until the training has ended; the training as it ended. */
    public TrainingRun await(String trainingId, java.time.Duration every) throws InterruptedException {
        Optional<TrainingRun> done = poll(trainingId);
        while (done.isEmpty()) {
            Thread.sleep(every.toMillis());
            done = poll(trainingId);
        }
        return done.get();
    }

    /** Empty while the Job runs; the training as it ended otherwise (FAILED with the reason when the Job failed). */
    public Optional<TrainingRun> poll(String trainingId) {
        TrainingRun run = lineage.store().training(trainingId)
                .orElseThrow(() -> new TrainingException("no training " + trainingId));
        if (run.state().isFinal()) {
            return Optional.of(run);
        }
        String job = KubeNames.name("roro-train", run.project(), run.name());
        JobState state = deployer.jobState(job);
        if (state.phase() != JobState.Phase.RUNNING) {
            deployer.jobLog(job).ifPresent(log -> storeLog(trainingId, log));
            // the Job may have recorded its end between the first read and now
            TrainingRun again = lineage.store().training(trainingId).orElseThrow();
            if (again.state().isFinal()) {
                return Optional.of(again);
            }
        }
        switch (state.phase()) {
            case RUNNING:
                return Optional.empty();
            case SUCCEEDED:
                // the Job's finish step records the end; a success without it is a broken agent image
                return Optional.of(lineage.store().failTraining(trainingId,
                        "the Job succeeded but did not record the training's end (roro train finish)"));
            default:
                return Optional.of(lineage.store().failTraining(trainingId, state.reason()));
        }
    }
}
