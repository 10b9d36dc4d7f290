package io.roro.core.platform.local;

import io.roro.core.contract.BuildVersion;
import io.roro.core.platform.PlatformException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A build of the local target on this machine ({@link LocalBuilder} makes it): the project's files, roro's runtime
 * and the project's Python environment, and how a process is started in it.
 */
record LocalBuild(Path place) {
    /** The build a recorded version names, or a clear error when this machine does not have it. */
    static LocalBuild of(BuildVersion build) {
        Path place = Path.of(build.image());
        if (!build.imageId().startsWith("local:") || !Files.isRegularFile(place.resolve(LocalSettings.COMPLETE))) {
            throw new PlatformException("build " + build.id() + " is not on this machine (" + build.image()
                    + "): run roro deploy --target local here first");
        }
        return new LocalBuild(place);
    }

    Path app() {
        return place.resolve("app");
    }

    Path venv() {
        return place.resolve("venv");
    }

    String python() {
        return venv().resolve("bin/python").toString();
    }

    Path runtime() {
        return place.resolve("runtime");
    }

    /** The environment of a process of this build: its Python first on PATH, roro's runtime importable. */
    Map<String, String> environment(LocalSettings settings) {
        Map<String, String> env = settings.processEnvironment();
        env.put("PATH", venv().resolve("bin") + ":" + env.get("PATH"));
        env.put("PYTHONPATH", runtime().toString());
        env.put("VIRTUAL_ENV", venv().toString());
        return env;
    }
}
