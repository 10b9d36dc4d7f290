package io.roro.core.platform;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.TrainingRun;
import io.roro.core.spec.ResourceProfile;
import io.roro.core.spec.TaskSpec;
import java.util.Map;
import java.util.Optional;

/**
 * A recorded training, resolved and ready to start: what a platform needs to run it.
 *
 * @param publish whether its output becomes a version of the task's model when it succeeds
 */
public record TrainingLaunch(TrainingRun training, TaskSpec task, ResourceProfile profile, Map<String, Object> params,
        Optional<Dataset> dataset, Optional<ModelVersion> pretrained, BuildVersion build, boolean publish) {

    public TrainingLaunch {
        params = Map.copyOf(params);
    }
}
