package io.roro.core.serve;

import io.roro.core.contract.Deployment;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.spec.ServeGate;
import java.util.Map;
import java.util.Optional;

/**
 * A serve's condition checked against lineage: the version to serve and the one the service serves now (its
 * metrics as recorded). What a task's {@code serve: {if: ...}}, {@code roro serve --if} and the Jenkins step's
 * {@code condition} ask before anything starts.
 */
public final class ServeGates {
    private ServeGates() {
    }

    /** Whether {@code versionId} may go live on {@code project}'s {@code service} under {@code gate}, and why. */
    public static ServeGate.Decision decide(Lineage lineage, String project, String service, String versionId,
            ServeGate gate) {
        ModelVersion candidate = lineage.models().modelVersion(versionId)
                .orElseThrow(() -> new ServeException("no model version " + versionId));
        Optional<String> live = lineage.deployments().deployment(project, service).filter(Deployment::isLive)
                .flatMap(Deployment::modelVersion);
        Map<String, Object> liveMetrics = live.flatMap(lineage.models()::modelVersion).map(ModelVersion::metrics)
                .orElse(Map.of());
        return gate.decide(versionId, candidate.metrics(), live, liveMetrics);
    }
}
