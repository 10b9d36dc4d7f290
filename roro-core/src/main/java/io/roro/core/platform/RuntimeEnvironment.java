package io.roro.core.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.spec.ServiceSpec;
import io.roro.core.spec.TaskSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What roro's runtime is told in a served function, a training and a notebook: the variables the Python runtime
 * reads (all in one place there, {@code roro_runtime/settings.py}), written here once for every platform. A
 * platform renders them its way ({@code docker run -e}, a container's env, a child process's environment) and
 * says only what is its own: where the server listens, where files are, the live gate. Names keep their order.
 *
 * @param variables name to value, in the order a platform renders them
 */
public record RuntimeEnvironment(Map<String, String> variables) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RuntimeEnvironment {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /**
     * Where a program finds the project's files. Roro's runtime image sets {@link #IMAGE}'s in its environment
     * ({@code ENV}), so a platform running that image says nothing of them; one running elsewhere says its own.
     */
    public record Paths(String app, String model, String output, String data) {
        public static final Paths IMAGE = new Paths("/app", "/model", "/output", "/data");

        void addTo(Map<String, String> variables) {
            variables.put("RORO_APP_DIR", app);
            variables.put("RORO_MODEL_DIR", model);
            variables.put("RORO_OUTPUT_DIR", output);
            variables.put("RORO_DATA_DIR", data);
        }
    }

    /**
     * A service's server: where it listens ({@code bind}, {@code HOST:PORT}), the model version it answers with,
     * the browsers it answers; for a function, what it serves, its deadline, batching and the path it is served
     * under when not {@code /}.
     */
    public static RuntimeEnvironment service(ServiceSpec spec, Optional<String> modelVersion, String bind,
            int port, Optional<String> pathPrefix) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("RORO_BIND", bind);
        v.put("PORT", Integer.toString(port));
        v.put("HOME", "/tmp");
        v.put("RORO_MODEL_VERSION", modelVersion.orElse("none"));
        v.put("RORO_CORS_ORIGINS", String.join(" ", spec.corsAllowOrigins()));
        if (spec.function().isPresent()) {
            v.put("RORO_FUNCTION", spec.function().get().dotted());
            v.put("RORO_TIMEOUT_S", Integer.toString(spec.timeoutSeconds()));
            spec.batch().ifPresent(b -> {
                v.put("RORO_BATCH_MAX_SIZE", Integer.toString(b.maxSize()));
                v.put("RORO_BATCH_MAX_WAIT_MS", Integer.toString(b.maxWaitMs()));
            });
            pathPrefix.filter(p -> !p.equals("/")).ifPresent(p -> v.put("RORO_PATH_PREFIX", p));
        }
        return new RuntimeEnvironment(v);
    }

    /**
     * A training: its parameters (JSON), the dataset version it reads, what it runs (a command or a notebook; else
     * the task's function, read from roro.yml) and the model version it starts from when fine-tuning.
     *
     * @param pretrainedDir where that version's files are, when there is one
     */
    public static RuntimeEnvironment training(TaskSpec task, Map<String, Object> params, Optional<String> dataset,
            Optional<String> pretrainedDir) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("RORO_PARAMS", json(params));
        dataset.ifPresent(d -> v.put("RORO_DATASET", d));
        v.put("HOME", "/tmp");
        task.command().ifPresent(c -> v.put("RORO_COMMAND", c));
        task.notebook().ifPresent(n -> v.put("RORO_NOTEBOOK", n));
        pretrainedDir.ifPresent(d -> v.put("RORO_PRETRAINED_DIR", d));
        return new RuntimeEnvironment(v);
    }

    /**
     * A notebook server: the files of the dataset and model version it was opened with ({@code paths}; its output
     * goes where the user can write) and which version that is.
     */
    public static RuntimeEnvironment notebook(Optional<String> modelVersion, Paths paths) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("HOME", "/tmp");
        v.put("JUPYTER_RUNTIME_DIR", "/tmp/jupyter");
        v.put("RORO_DATA_DIR", paths.data());
        v.put("RORO_MODEL_DIR", paths.model());
        v.put("RORO_OUTPUT_DIR", paths.output());
        v.put("RORO_MODEL_VERSION", modelVersion.orElse("none"));
        return new RuntimeEnvironment(v);
    }

    /** These variables and where files are, for a program that does not run in roro's runtime image. */
    public RuntimeEnvironment at(Paths paths) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        paths.addTo(v);
        return new RuntimeEnvironment(v);
    }

    /** These variables and one more of the platform's own (the live gate's file, a generation), last. */
    public RuntimeEnvironment with(String name, String value) {
        Map<String, String> v = new LinkedHashMap<>(variables);
        v.put(name, value);
        return new RuntimeEnvironment(v);
    }

    /** Each variable in order: how a platform renders them. */
    public void forEach(BiConsumer<String, String> variable) {
        variables.forEach(variable);
    }

    private static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters are not JSON: " + e.getMessage(), e);
        }
    }
}
