package io.roro.core.train;

import io.roro.core.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training's parameters: the task's defaults, then what the run gives ({@code -p}, nhaTrain's params). A task
 * whose roro.yml declares {@code params:} takes only those names, each of its type (an int where a float is
 * declared too), and a parameter declared by its type alone must be given; a task that declares none takes any.
 * Checked before anything is recorded or built; the defaults are recorded with the training.
 */
public final class DeclaredParams {
    private DeclaredParams() {
    }

    /** The parameters the run gets; TrainingException naming what does not fit the declaration. */
    public static Map<String, Object> of(TaskSpec task, Map<String, Object> given) {
        Map<String, Object> params = new LinkedHashMap<>(task.params());
        params.putAll(given);
        Map<String, String> types = task.paramTypes();
        if (types.isEmpty()) {
            return params;
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> param : given.entrySet()) {
            String type = types.get(param.getKey());
            if (type == null) {
                problems.add("'" + param.getKey() + "' is not a parameter of task " + task.name() + "; it declares "
                        + String.join(", ", types.keySet()));
            } else if (!fits(type, param.getValue())) {
                problems.add(param.getKey() + " is " + article(type) + " " + type + ", not " + param.getValue());
            }
        }
        types.keySet().stream().filter(name -> !params.containsKey(name)).forEach(name -> problems.add(name
                + " has no default in roro.yml: give it (-p " + name + "=...)"));
        if (!problems.isEmpty()) {
            throw new TrainingException(String.join("; ", problems));
        }
        if (types.containsValue("float")) {
            types.forEach((name, type) -> { // 3 given for a float is 3.0 to the script, as its default would be
                if (type.equals("float") && params.get(name) instanceof Number n && !(n instanceof Double)) {
                    params.put(name, n.doubleValue());
                }
            });
        }
        return params;
    }

    private static boolean fits(String type, Object value) {
        return switch (type) {
            case "int" -> value instanceof Long || value instanceof Integer;
            case "float" -> value instanceof Number;
            case "bool" -> value instanceof Boolean;
            default -> true; // str: whatever was written, as text
        };
    }

    private static String article(String type) {
        return type.equals("int") ? "an" : "a";
    }
}
