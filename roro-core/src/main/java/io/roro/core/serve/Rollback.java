package io.roro.core.serve;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Deployment;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.Origin;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.spec.ProjectSpec;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a rollback restores: the revision that was live before the current one, as it was — its model version on
 * its build's image. A rollback after a bad code deploy goes back to the code before it (serving the previous
 * model version on the new build was a pair that had never been live). With {@code modelOnly}, the model version
 * before the current one on the build asked for (the project as it is now). The timeline's message says which.
 */
final class Rollback {
    private final ServeOperation serving;
    private final Lineage lineage;

    Rollback(ServeOperation serving, Lineage lineage) {
        this.serving = serving;
        this.lineage = lineage;
    }

    Optional<DeploymentEvent> toPrevious(ProjectSpec spec, String service, Supplier<BuildVersion> build,
            boolean modelOnly, Origin origin, Consumer<String> log) {
        ServiceRuntime.Lock lock = serving.lock(spec.project(), service, log); // what was before is read under it
        Optional<String> version;
        Supplier<BuildVersion> image;
        String why;
        try {
            Deployment current = lineage.deployments().deployment(spec.project(), service).orElseThrow(() ->
                    new LineageException(spec.project() + ":" + service + " has no earlier revision to go back to: it"
                            + " was never deployed"));
            String from = describe(current.modelVersion(), current.buildVersion());
            if (modelOnly) {
                String previous = lineage.deployments().previousVersion(spec.project(), service)
                        .orElseThrow(() -> new LineageException(spec.project() + ":" + service
                                + " has no earlier model version to go back to"));
                version = Optional.of(previous);
                image = build;
                why = "rolled back the model only, from " + from + " to " + previous + " on the current build";
            } else {
                DeploymentEvent previous = lineage.deployments().previousLive(spec.project(), service)
                        .orElseThrow(() -> new LineageException(spec.project() + ":" + service
                                + " has no earlier revision to go back to"));
                version = previous.modelVersion();
                Optional<BuildVersion> itsBuild = previous.buildVersion().flatMap(lineage.projects()::buildVersion);
                image = itsBuild.isPresent() ? itsBuild::get : build;
                why = "rolled back from " + from + " to revision " + previous.revision() + ", "
                        + describe(previous.modelVersion(), previous.buildVersion());
            }
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        ServeOperation.Prepared prepared = serving.prepare(spec, service, version, Optional.empty(), Optional.empty(),
                lock, log);
        BuildVersion built = ServeOperation.image(image, prepared);
        log.accept("roro: " + why);
        return serving.serveAsRollback(new ServeRequest(spec, service, version, Optional.empty(), built,
                Optional.empty(), origin), prepared, why, log);
    }

    private static String describe(Optional<String> version, Optional<String> build) {
        return version.orElse("no model") + " on build " + build.map(b -> LineageIds.split(b, "build version")[1])
                .orElse("?");
    }
}
