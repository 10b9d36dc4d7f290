package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.contract.Candidate;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a version runs, as its page says it: on which services, as what (live, a canary with its share, a shadow)
 * and since when it has been so — the first event of the unbroken run in the service's timeline, not the
 * deployment's last change (a canary's share moving, a restart).
 */
final class VersionPlaces {
    private VersionPlaces() {
    }

    static List<Map<String, Object>> of(Lineage lineage, String versionId) {
        List<Map<String, Object>> places = new ArrayList<>();
        for (String deployment : lineage.deployments().liveOn(versionId)) {
            String[] ps = deployment.split(":", 2);
            Optional<Deployment> found = lineage.deployments().deployment(ps[0], ps[1]);
            if (found.isEmpty()) {
                continue;
            }
            Deployment d = found.get();
            boolean live = d.modelVersion().equals(Optional.of(versionId));
            String role = live ? "live" : d.candidate().map(VersionPlaces::describe).orElse("live");
            Optional<Instant> since = since(lineage.deployments().timeline(d.project(), d.service()), versionId, live);
            places.add(Map.of("project", d.project(), "service", d.service(), "role", role, "roleClass",
                    live ? "live" : "candidate", "since", ShownTime.of(since.orElse(d.updatedAt()))));
        }
        return places;
    }

    private static String describe(Candidate c) {
        return c.mode() == Candidate.Mode.CANARY ? "canary " + c.share() + "%" : "shadow";
    }

    /** The first event of the latest unbroken run of events in which the version held this role. */
    static Optional<Instant> since(List<DeploymentEvent> timeline, String versionId, boolean live) {
        Optional<Instant> since = Optional.empty();
        for (DeploymentEvent e : timeline) {
            boolean holds = e.state() == DeploymentState.RUNNING && (live ? e.modelVersion().equals(Optional.of(
                    versionId)) : e.candidate().flatMap(Candidate::modelVersion).equals(Optional.of(versionId)));
            if (!holds) {
                since = Optional.empty();
            } else if (since.isEmpty()) {
                since = Optional.of(e.at());
            }
        }
        return since;
    }
}
