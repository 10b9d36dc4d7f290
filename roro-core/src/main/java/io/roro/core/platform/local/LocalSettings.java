package io.roro.core.platform.local;

import io.roro.core.platform.PlatformContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the local target works with: this roro home's directories, the Python a project's environment is made from
 * ({@code python} setting or RORO_PYTHON; Debian's /usr/bin/python3 where there is one, for its packages) and the
 * nginx that routes its services ({@code nginx} or RORO_NGINX; /usr/sbin/nginx, else nginx on PATH).
 *
 * @param environment the command's environment, for pip's settings (never passed on whole to a process)
 */
record LocalSettings(Path roroHome, Map<String, String> environment, String python, String nginx) {
    /** What a finished build has; a directory without it is not a build. */
    static final String COMPLETE = ".complete";

    LocalSettings {
        environment = Map.copyOf(environment);
    }

    static LocalSettings of(PlatformContext context) {
        Map<String, String> env = context.environment();
        String python = context.setting("python").or(() -> Optional.ofNullable(env.get("RORO_PYTHON"))
                .filter(p -> !p.isBlank())).orElse(Files.isExecutable(Path.of("/usr/bin/python3"))
                        ? "/usr/bin/python3" : "python3");
        String nginx = context.setting("nginx").or(() -> Optional.ofNullable(env.get("RORO_NGINX"))
                .filter(p -> !p.isBlank())).orElse(Files.isExecutable(Path.of("/usr/sbin/nginx"))
                        ? "/usr/sbin/nginx" : "nginx");
        return new LocalSettings(context.roroHome(), env, python, nginx);
    }

    Path root() {
        return roroHome.resolve("local");
    }

    Path builds() {
        return root().resolve("builds");
    }

    Path services(String project) {
        return root().resolve("services").resolve(project);
    }

    Path routers() {
        return root().resolve("routers");
    }

    Path models() {
        return root().resolve("models");
    }

    Path work(String project) {
        return roroHome.resolve("work").resolve(project);
    }

    /**
     * The environment every process of the target starts from: a plain PATH and locale, and nothing of roro's
     * own (its lineage credentials, DOCKER_HOST, the user's other secrets); the project's config vars are added
     * where they apply.
     */
    Map<String, String> processEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("HOME", "/tmp");
        return env;
    }
}
