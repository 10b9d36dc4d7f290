package io.roro.core.spec;

import io.roro.core.schedule.TaskSchedule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A batch job of the project, typically training: a command or a parameterised notebook, run on demand or on a
 * schedule. When it names a model, its output is published as a version of that model.
 *
 * @param params  default parameters (scalars), overridable per run
 * @param paramTypes the parameters roro.yml declares, each with its type (int, float, bool, str): from a default's
 *                   type, or written as the type ({@code max_depth: int}, no default); empty for a task that
 *                   declares none, whose parameters stay free-form
 * @param serve   a service to put the newly published version behind after a successful run
 * @param serveIf a condition the new version must meet for that ({@code serve: {service, if}})
 * @param timeoutMinutes the run is stopped and marked FAILED after this long
 * @param network whether the run reaches the network (its data in a warehouse, S3, an HTTP API), as on a laptop
 *                and in a pod: true unless roro.yml says {@code network: none}
 */
public record TaskSpec(
        String name,
        Optional<String> command,
        Optional<String> notebook,
        Map<String, Object> params,
        Optional<TaskSchedule> schedule,
        String profile,
        Optional<String> model,
        Optional<String> dataset,
        Optional<String> serve,
        int timeoutMinutes,
        boolean network,
        Map<String, String> paramTypes,
        Optional<ServeGate> serveIf) {

    public static final int DEFAULT_TIMEOUT_MINUTES = 24 * 60;

    public TaskSpec {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        paramTypes = Collections.unmodifiableMap(new LinkedHashMap<>(paramTypes));
    }

    /** The types a parameter may be declared as. */
    public static final List<String> PARAM_TYPES = List.of("int", "float", "bool", "str");
}
