package io.roro.core.deploy;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.Origin;
import io.roro.core.spec.ProjectSpec;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a deploy restarts services: this machine's Docker engine or a Kubernetes cluster. Returns the new event,
 * or empty when the target already ran exactly this; throws {@code ServeException} when the service is not live.
 */
@FunctionalInterface
public interface ServiceTarget {
    Optional<DeploymentEvent> serve(ProjectSpec spec, String service, Optional<String> version, BuildVersion build,
            Origin origin, Consumer<String> log);

    /**
     * Work for {@link #serve} that does not need the image (fetching model files, routes), done while the image
     * builds. A failure here is not reported: serve does the work again and reports it.
     */
    default void prepare(ProjectSpec spec, String service, Optional<String> version) {
    }
}
