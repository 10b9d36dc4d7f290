package io.roro.core.platform.local;

import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.platform.ServicePlan;
import io.roro.core.routing.HealthProbe;
import io.roro.core.routing.SlotTakeover;
import io.roro.core.spec.ServiceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Starts a generation of a service's backends on the local target, a process per port of a slot, and waits for
 * them to be healthy: roro's serving app under gunicorn for a function (told by the live file whether it takes
 * routed requests), the service's command otherwise, each with its own log and metrics directory.
 */
final class LocalBackends {
    private final LocalSettings settings;

    LocalBackends(LocalSettings settings) {
        this.settings = settings;
    }

    /** A started generation: healthy, or why not (its backends stopped then). */
    record Started(String generation, List<ServiceState.Backend> backends, Optional<String> unhealthy) {
    }

    Started start(LocalServices.Prepared prepared, LocalBuild build, Optional<String> version, Consumer<String> log) {
        ServicePlan plan = prepared.plan();
        String service = plan.service().name();
        String generation = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        SlotTakeover slot = SlotTakeover.of(prepared.slot());
        LocalRouter router = new LocalRouter(settings, plan.project());
        router.ensure(service);
        List<ServiceState.Backend> started = new ArrayList<>();
        for (int i = 0; i < prepared.slot().size(); i++) {
            started.add(start(prepared, build, version, generation, i, i == 0 ? log : line -> { }));
        }
        log.accept("starting " + started.size() + " backend(s) of " + service + " on ports " + prepared.slot());
        Duration patience = Duration.ofSeconds(Math.max(5, plan.service().health().startPeriodSeconds()));
        Optional<String> taken = slot.takeOver(() -> router.standby(service, generation), patience,
                SlotTakeover.RELEASE_PATIENCE, () -> started.stream().allMatch(b -> b.local().alive()));
        if (taken.isPresent()) {
            String why = taken.get() + "; " + lastLines(log(plan.project(), service, generation, 0));
            started.forEach(b -> b.local().stop(5_000));
            router.settle(service);
            return new Started(generation, started, Optional.of(why));
        }
        for (ServiceState.Backend backend : started) {
            if (!HealthProbe.await(backend.port(), plan.service().health().path(), patience,
                    () -> backend.local().alive())) {
                String why = lastLines(log(plan.project(), service, generation, started.indexOf(backend)));
                started.forEach(b -> b.local().stop(5_000));
                router.settle(service);
                return new Started(generation, started, Optional.of(why));
            }
        }
        return new Started(generation, started, Optional.empty());
    }

    private ServiceState.Backend start(LocalServices.Prepared prepared, LocalBuild build, Optional<String> version,
            String generation, int index, Consumer<String> log) {
        ServicePlan plan = prepared.plan();
        ServiceSpec service = plan.service();
        int port = prepared.slot().get(index);
        Path dir = settings.services(plan.project()).resolve(service.name()).resolve(generation + "-" + index);
        try {
            Files.createDirectories(dir.resolve("metrics"));
            Path empty = Files.createDirectories(dir.resolve("model"));
            Map<String, String> env = build.environment(settings);
            env.putAll(HomeConfigVars.of(settings.roroHome(), plan.project()).values());
            RuntimeEnvironment.service(service, version, "127.0.0.1:" + port, port, Optional.empty())
                    .at(new RuntimeEnvironment.Paths(build.app().toString(), prepared.modelDir().orElse(empty)
                            .toString(), dir.resolve("output").toString(), dir.resolve("data").toString()))
                    .with("RORO_LIVE_FILE", new LocalRouter(settings, plan.project()).liveFile(service.name())
                            .toString())
                    .with("RORO_GENERATION", generation)
                    .with("RORO_OTHER_SLOT_PORT", prepared.route().otherSlotPort(port).map(String::valueOf)
                            .orElse(""))
                    .with("RORO_METRICS_DIR", dir.resolve("metrics").toString()).forEach(env::put);
            List<String> command = service.function().isPresent()
                    ? List.of(build.python(), "-m", "gunicorn", "-c",
                            build.runtime().resolve("roro_runtime/gunicorn_conf.py").toString(),
                            "roro_runtime.serve:app")
                    : List.of("sh", "-c", service.command().orElseThrow());
            command = ProcessLimits.held(plan.spec().profile(service.profile()), command, log);
            Path cwd = service.directory().map(d -> build.app().resolve(d)).orElse(build.app());
            LocalProcess process = LocalProcess.start(command, cwd, env, dir.resolve("backend.log"));
            return new ServiceState.Backend(process.id(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a backend of " + service.name() + ": " + e.getMessage(), e);
        }
    }

    /** The log of backend {@code index} of a generation. */
    Path log(String project, String service, String generation, int index) {
        return settings.services(project).resolve(service).resolve(generation + "-" + index).resolve("backend.log");
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "its log ends: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "its log cannot be read: " + e.getMessage();
        }
    }
}
