package io.roro.core.train;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Origin;
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
 * @param versionDetails what the published version records besides (what it reproduces)
 */
public record TrainRequest(ProjectSpec spec, Path projectDir, String task, Map<String, Object> params,
        Optional<String> dataset, Optional<String> profile, Optional<String> pretrained, BuildVersion build,
        Origin origin, boolean publish, Map<String, Object> versionDetails) {

    public TrainRequest {
        versionDetails = Map.copyOf(versionDetails);
    }

    /** A request whose version, if one is published, carries no details of its own. */
    public TrainRequest(ProjectSpec spec, Path projectDir, String task, Map<String, Object> params,
            Optional<String> dataset, Optional<String> profile, Optional<String> pretrained, BuildVersion build,
            Origin origin, boolean publish) {
        this(spec, projectDir, task, params, dataset, profile, pretrained, build, origin, publish, Map.of());
    }
}
