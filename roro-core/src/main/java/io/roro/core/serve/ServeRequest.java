package io.roro.core.serve;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Origin;
import io.roro.core.spec.ProjectSpec;
import java.util.Optional;

/**
 * Put a service of a project behind its endpoint with a model version.
 *
 * @param version MODEL:VERSION, or empty/"latest" for the newest published version of the service's model
 * @param port    the service's public port; kept from its last deployment, else chosen free
 */
public record ServeRequest(ProjectSpec spec, String service, Optional<String> version, Optional<Integer> replicas,
        BuildVersion build, Optional<Integer> port, Origin origin) {
}
