package io.roro.core.platform;

import io.roro.core.contract.Deployment;
import io.roro.core.contract.ModelVersion;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServiceSpec;
import java.util.Optional;

/**
 * What is to be served, as the serve operation resolved it from roro.yml and lineage.
 *
 * @param version  the model version, empty for a service without a model
 * @param current  what lineage says the service is now
 * @param replicas replicas asked for on the command line (else the service's own)
 * @param port     public port asked for (platforms without one ignore it)
 */
public record ServicePlan(ProjectSpec spec, ServiceSpec service, Optional<ModelVersion> version,
        Optional<Deployment> current, Optional<Integer> replicas, Optional<Integer> port) {

    public String project() {
        return spec.project();
    }
}
