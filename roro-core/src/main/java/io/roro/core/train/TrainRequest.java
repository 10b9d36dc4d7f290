package io.roro.core.train;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.Origin;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One training to run: which task of which project, on which build, with what overrides.
 *
 * @param dataset    dataset NAME (of the task's model) or MODEL:NAME; the task's own when empty
 * @param pretrained MODEL:VERSION the training starts from, passed as RORO_PRETRAINED_DIR
 * @param publish    publish the output as a version of the task's model when the training succeeds
 */
public record TrainRequest(ProjectSpec spec, Path projectDir, String task, Map<String, Object> params,
        Optional<String> dataset, Optional<String> profile, Optional<String> pretrained, BuildVersion build,
        Origin origin, boolean publish) {
}
