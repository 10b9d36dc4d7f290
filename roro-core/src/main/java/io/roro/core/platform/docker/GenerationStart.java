package io.roro.core.platform.docker;

import io.roro.core.contract.BuildVersion;
import io.roro.core.routing.HealthProbe;
import io.roro.core.routing.SlotTakeover;
import io.roro.core.spec.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A new generation's backends on the engine, from their start in the prepared slot to their health checks. */
final class GenerationStart {
    private final DockerCli docker;
    private final Backends backends;
    private final Path roroHome;
    private final FailedLogs failedLogs;

    GenerationStart(DockerCli docker, Backends backends, Path roroHome, FailedLogs failedLogs) {
        this.docker = docker;
        this.backends = backends;
        this.roroHome = roroHome;
        this.failedLogs = failedLogs;
    }

    /**
     * Starts the backends in the prepared slot, takes the slot over from the live generation's workers where they
     * listen on it too ({@link SlotTakeover}: the live file names the new generation standby meanwhile), then waits
     * for each to answer its health check; {@code started} and {@code ports} say what was started. Returns why one
     * did not start, take its port or get healthy.
     */
    Optional<String> start(DockerServices.Prepared prepared, BuildVersion build, String generation, LiveRoutes live,
            List<String> started, List<Integer> ports, Consumer<String> log) {
        ServiceSpec service = prepared.plan().service();
        SlotTakeover slot = SlotTakeover.of(prepared.slot());
        for (int i = 0; i < prepared.replicas(); i++) {
            int backendPort = prepared.slot().get(i);
            String name = "roro-svc-" + prepared.plan().project() + "-" + service.name() + "-" + generation + "-" + i;
            CommandResult run = docker.runDetached(BackendRun.command(prepared, backends, roroHome, build,
                    generation, name, backendPort), 300);
            if (!run.ok()) {
                return Optional.of("cannot start " + name + ": " + run.tail(5));
            }
            started.add(name);
            ports.add(backendPort);
            log.accept("started " + name + " on 127.0.0.1:" + backendPort + ", waiting for "
                    + service.health().path());
        }
        Duration patience = Duration.ofSeconds(service.health().startPeriodSeconds() + 60L);
        Optional<String> taken = slot.takeOver(() -> live.standby(service.name(), generation), patience,
                SlotTakeover.RELEASE_PATIENCE, () -> started.stream().allMatch(backends::running));
        if (taken.isPresent()) {
            return unhealthy(prepared, started.get(0), taken);
        }
        for (int i = 0; i < started.size(); i++) {
            String name = started.get(i);
            if (!HealthProbe.await(ports.get(i), service.health().path(), patience, () -> backends.running(name))) {
                return unhealthy(prepared, name, Optional.empty());
            }
        }
        return Optional.empty();
    }

    /** Why {@code name} is not taken live, from its log (kept, masked, for roro logs SERVICE --failed). */
    private Optional<String> unhealthy(DockerServices.Prepared prepared, String name, Optional<String> why) {
        CommandResult logs = docker.run(List.of("logs", name), 30);
        String whole = logs.stdout() + "\n" + logs.stderr();
        failedLogs.keep(prepared.plan().project(), prepared.plan().service().name(), name, whole);
        String failure = StartupFailure.of(name, prepared.plan().service(), whole);
        return Optional.of(why.map(w -> w + "; " + failure).orElse(failure));
    }
}
