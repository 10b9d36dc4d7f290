package io.roro.cli;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.platform.Platform;
import io.roro.core.serve.ServeGates;
import io.roro.core.serve.ServeOperation;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ServeGate;
import io.roro.core.spec.TaskSpec;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A task's {@code serve:} after its training published a version: the version put behind that service, as the
 * Jenkins retrain job does. The same for a training followed here and for a detached one's finisher.
 */
final class ServeAfterTraining {
    private ServeAfterTraining() {
    }

    /**
     * Serves {@code version} on the task's {@code serve:} service; nothing when it names none, already serves it,
     * or the version does not meet the task's {@code serve: {if: ...}} (said on {@code log}).
     */
    static Optional<DeploymentEvent> serve(ProjectSpec spec, String task, ModelVersion version, Platform platform,
            Lineage lineage, Supplier<BuildVersion> build, Origin origin, Consumer<String> log) {
        Optional<String> service = spec.task(task).flatMap(TaskSpec::serve);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        Optional<ServeGate> gate = spec.task(task).flatMap(TaskSpec::serveIf);
        if (gate.isPresent()) {
            var decision = ServeGates.decide(lineage, spec.project(), service.get(), version.id(),
                    gate.get());
            if (!decision.serve()) {
                log.accept("not served on " + service.get() + " (the task's serve: if): " + decision.reason());
                return Optional.empty();
            }
            log.accept(decision.reason());
        }
        boolean live = lineage.deployments().deployment(spec.project(), service.get())
                .flatMap(d -> d.modelVersion()).filter(version.id()::equals).isPresent();
        if (live) {
            log.accept(service.get() + " already serves " + version.id());
            return Optional.empty();
        }
        log.accept("serving " + version.id() + " on " + service.get() + " (the task's serve:; --no-serve to skip)");
        return new ServeOperation(platform, lineage).serve(spec, service.get(), Optional.of(version.id()),
                Optional.empty(), Optional.empty(), build, origin, log);
    }
}
