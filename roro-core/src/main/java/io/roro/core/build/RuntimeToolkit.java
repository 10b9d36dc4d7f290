package io.roro.core.build;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of agent-images/runtime-python (roro's runtime image recipe and its Python side, roro_runtime), as the
 * build copies them into the jar beside this class: the runtime image, the project images built on another base
 * and the roro_runtime wheel are all made of these.
 */
public final class RuntimeToolkit {
    /** Every file, as copied by the build (roro-core's pom). */
    public static final List<String> FILES = List.of("Dockerfile", "roro_runtime/__init__.py",
            "roro_runtime/report.py", "roro_runtime/metrics.py", "roro_runtime/serve.py",
            "roro_runtime/gunicorn_conf.py", "roro_runtime/train.py", "roro_runtime/requirements.py",
            "roro_runtime/aserve.py", "roro_runtime/bodies.py", "roro_runtime/project.py", "roro_runtime/traffic.py",
            "roro_runtime/answers.py", "roro_runtime/batches.py", "roro_runtime/settings.py",
            "roro_runtime/connection.py", "roro_runtime/worker.py", "roro_runtime/slots.py");
    private static final String RESOURCE_ROOT = "runtime-python/";

    private RuntimeToolkit() {
    }

    /** A file of the toolkit in the jar. */
    public static URL resource(String file) {
        URL url = RuntimeToolkit.class.getResource(RESOURCE_ROOT + file);
        if (url == null) {
            throw new IllegalStateException("runtime file " + file + " is missing from the roro jar");
        }
        return url;
    }

    /** The Python package's files, under {@code .roro/} as a build context holds them. */
    public static List<BuildContext.ExtraFile> python() {
        List<BuildContext.ExtraFile> files = new ArrayList<>();
        for (String file : FILES) {
            if (file.startsWith("roro_runtime/")) {
                files.add(new BuildContext.ExtraFile(".roro/" + file, resource(file)));
            }
        }
        return files;
    }
}
