package io.roro.core.platform.docker;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.ModelVersion;
import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.RuntimeEnvironment;
import io.roro.core.platform.ServicePlan;
import io.roro.core.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code docker run} of one backend of a service: its labels (what ps, leftovers and the hand-over go by), the
 * live file it reads, its port, model files, limits, config vars, and what it runs (roro's serving app under
 * gunicorn for a function, the service's own command otherwise).
 */
final class BackendRun {
    private BackendRun() {
    }

    static List<String> command(DockerServices.Prepared prepared, Backends backends, Path roroHome, BuildVersion build,
            String generation, String name, int backendPort) {
        ServicePlan plan = prepared.plan();
        ServiceSpec service = plan.service();
        Optional<String> version = plan.version().map(ModelVersion::id);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
        run.addAll(backends.labelFlags(plan.project(), service.name()));
        run.addAll(List.of("--label", "io.roro.port=" + backendPort,
                "--label", "io.roro.model-version=" + version.orElse(""),
                "--label", "io.roro.generation=" + generation, "--label", "io.roro.build=" + build.id(),
                "-v", prepared.router().liveDirectory().toAbsolutePath() + ":/roro-live:ro"));
        // the router in front strips no prefix (it serves the service at /), and the live gate is this platform's
        RuntimeEnvironment.service(service, version, "127.0.0.1:" + backendPort, backendPort, Optional.empty())
                .with("RORO_LIVE_FILE", "/roro-live/" + service.name()).with("RORO_GENERATION", generation)
                .with("RORO_OTHER_SLOT_PORT", prepared.route().otherSlotPort(backendPort).map(String::valueOf)
                        .orElse(""))
                .forEach((variable, value) -> run.addAll(List.of("-e", variable + "=" + value)));
        prepared.modelDir().ifPresent(dir -> run.addAll(List.of("-v", dir.toAbsolutePath() + ":/model:ro")));
        run.addAll(ContainerLimits.flags(plan.spec().profile(service.profile())));
        run.addAll(envFileFlags(roroHome, plan.project()));
        if (service.function().isPresent()) {
            run.add(build.image());
            run.addAll(List.of("gunicorn", "-c", "/opt/roro/roro_runtime/gunicorn_conf.py",
                    "roro_runtime.serve:app"));
        } else {
            service.directory().ifPresent(d -> run.addAll(List.of("-w", "/app/" + d)));
            run.add(build.image());
            run.addAll(List.of("sh", "-c", service.command().orElseThrow()));
        }
        return run;
    }

    /** What {@code docker run} needs to pass the project's config vars to a container: nothing when there are none. */
    static List<String> envFileFlags(Path roroHome, String project) {
        return HomeConfigVars.of(roroHome, project).envFile().map(file -> List.of("--env-file", file.toString()))
                .orElse(List.of());
    }
}
