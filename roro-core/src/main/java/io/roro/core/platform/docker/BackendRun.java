package io.roro.core.platform.docker;

import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.ModelVersion;
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
                "-v", prepared.router().liveDirectory().toAbsolutePath() + ":/roro-live:ro",
                "-e", "RORO_LIVE_FILE=/roro-live/" + service.name(), "-e", "RORO_GENERATION=" + generation,
                "-e", "HOME=/tmp", "-e", "PORT=" + backendPort, "-e", "RORO_BIND=127.0.0.1:" + backendPort,
                "-e", "RORO_MODEL_VERSION=" + version.orElse("none"),
                "-e", "RORO_CORS_ORIGINS=" + String.join(" ", service.corsAllowOrigins())));
        prepared.modelDir().ifPresent(dir -> run.addAll(List.of("-v", dir.toAbsolutePath() + ":/model:ro")));
        run.addAll(ContainerLimits.flags(plan.spec().profile(service.profile())));
        run.addAll(ConfigVars.of(roroHome, plan.project()).dockerFlags());
        if (service.function().isPresent()) {
            run.addAll(List.of("-e", "RORO_FUNCTION=" + service.function().get().dotted(),
                    "-e", "RORO_TIMEOUT_S=" + service.timeoutSeconds()));
            service.batch().ifPresent(b -> run.addAll(List.of("-e", "RORO_BATCH_MAX_SIZE=" + b.maxSize(),
                    "-e", "RORO_BATCH_MAX_WAIT_MS=" + b.maxWaitMs())));
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

}
