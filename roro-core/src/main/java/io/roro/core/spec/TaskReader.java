package io.roro.core.spec;

import io.roro.core.schedule.CronSyntaxException;
import io.roro.core.schedule.JenkinsCron;
import io.roro.core.schedule.TaskSchedule;
import io.roro.core.spec.YamlNode.Mapping;
import io.roro.core.spec.YamlNode.Scalar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one entry of {@code tasks:}, including its schedule. References are checked by the caller. */
final class TaskReader {
    /** What `roro train` takes as subcommands rather than task names. */
    static final Set<String> RESERVED = Set.of("status", "logs", "cancel", "finish");
    static final Set<String> KEYS = Set.of("name", "command", "notebook", "params", "when", "schedule",
            "timezone", "profile", "size", "model", "dataset", "serve", "timeout_minutes",
            "network");

    private final Problems problems;
    private final ProjectFiles files;
    /** The project, when its name is known: its retrain jobs' names decide what a schedule's H is. */
    private final Optional<String> project;
    /** Where each task was read, so reference errors found later point at the right line. */
    private final Map<String, Fields> fieldsByName = new HashMap<>();

    TaskReader(Problems problems, ProjectFiles files, Optional<String> project) {
        this.problems = problems;
        this.files = files;
        this.project = project;
    }

    Optional<TaskSpec> read(Mapping mapping, String path) {
        Fields f = Fields.of(problems, mapping, path, KEYS);
        Optional<String> name = f.requiredString("name", "name: retrain");
        name.flatMap(n -> Names.checkName("task", n)).ifPresent(p -> f.problem("name", p));
        // `roro train status|logs|cancel ID` are commands: a task of such a name could not be run by `roro train`
        name.filter(RESERVED::contains).ifPresent(n -> f.problem("name", "'" + n + "' is a subcommand of roro"
                + " train (roro train " + n + " ID), so `roro train " + n + "` could not run it; choose another name"));
        Optional<String> command = f.string("command");
        command.filter(String::isBlank).ifPresent(c -> f.problem("command", "command is empty"));
        Optional<String> notebook = files.file(f, "notebook");
        notebook.filter(n -> !n.endsWith(".ipynb")).ifPresent(n -> f.problem("notebook",
                "'" + n + "' is not a notebook; expected a .ipynb file"));
        if (f.has("command") == f.has("notebook")) {
            f.problem(f.has("command") ? "notebook" : "name", f.has("command")
                    ? "a task has either `command:` or `notebook:`, not both"
                    : "a task needs `command:` (e.g. python train.py) or `notebook:` (e.g. notebooks/train.ipynb)");
        }
        Declared params = params(f);
        Optional<TaskSchedule> schedule = schedule(f, name);
        String profile = ProjectSpecReader.profileOrSize(f);
        int timeout = f.integer("timeout_minutes", 1, 7 * 24 * 60).orElse(TaskSpec.DEFAULT_TIMEOUT_MINUTES);
        String network = f.string("network").orElse("host");
        if (!network.equals("host") && !network.equals("none")) {
            f.problem("network", "'" + network + "' is not a network of a task: host (the default, as on a laptop)"
                    + " or none (no network at all)");
        }
        if (name.isEmpty()) {
            return Optional.empty();
        }
        fieldsByName.putIfAbsent(name.get(), f);
        Optional<String> serve = Optional.empty();
        Optional<ServeGate> gate = Optional.empty();
        if (f.node("serve").filter(YamlNode.Mapping.class::isInstance).isPresent()) {
            Fields s = Fields.of(problems, (YamlNode.Mapping) f.node("serve").get(), f.path("serve"),
                    Set.of("service", "if"));
            serve = s.requiredString("service", "service: default");
            gate = s.string("if").flatMap(text -> {
                try {
                    return Optional.of(ServeGate.parse(text));
                } catch (IllegalArgumentException e) {
                    s.problem("if", e.getMessage());
                    return Optional.empty();
                }
            });
        } else {
            serve = f.string("serve");
        }
        return Optional.of(new TaskSpec(name.get(), command, notebook, params.defaults(), schedule, profile,
                f.string("model"), f.string("dataset"), serve, timeout, !network.equals("none"),
                params.types(), gate));
    }

    /** A task's declared parameters: a name's default (its type the default's), or its type alone. */
    private record Declared(Map<String, Object> defaults, Map<String, String> types) {
    }

    private Declared params(Fields f) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        f.map("params", "{n_estimators: 100, max_depth: int}").ifPresent(m -> m.entries().values().forEach(e -> {
            String path = f.path("params") + "." + e.key();
            if (!Names.isIdentifier(e.key())) {
                problems.add(e.keyMark(), path, "'" + e.key() + "' is not a valid parameter name; use a Python"
                        + " identifier (letters, digits, _)");
            } else if (e.value() instanceof Scalar s && s.type() == Scalar.Type.STRING
                    && TaskSpec.PARAM_TYPES.contains(s.text())) {
                types.put(e.key(), s.text()); // declared by its type, no default: given with -p each run
            } else if (e.value() instanceof Scalar s) {
                Object value = Fields.scalarValue(s);
                params.put(e.key(), value);
                types.put(e.key(), typeOf(value));
            } else {
                problems.add(e.value(), path, "a parameter is a single value (text, number or true/false) or its"
                        + " type (int, float, bool, str), found " + e.value().kind());
            }
        }));
        return new Declared(params, types);
    }

    static String typeOf(Object value) {
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof Integer) {
            return "int";
        }
        return value instanceof Number ? "float" : "str";
    }

    private Optional<TaskSchedule> schedule(Fields f, Optional<String> task) {
        Optional<String> when = f.string("when");
        Optional<String> cron = f.string("schedule");
        Optional<String> timezone = f.string("timezone");
        if (when.isPresent() && cron.isPresent()) {
            f.problem("schedule", "a task has either `when:` (English) or `schedule:` (cron), not both");
            return Optional.empty();
        }
        if (when.isEmpty() && cron.isEmpty()) {
            timezone.ifPresent(z -> f.problem("timezone", "`timezone:` needs a `when:` or `schedule:` to apply to"));
            return Optional.empty();
        }
        boolean zoneValid = true;
        if (timezone.isPresent()) {
            try {
                JenkinsCron.zone(timezone.get());
            } catch (CronSyntaxException e) {
                f.problem("timezone", e.getMessage());
                zoneValid = false;
            }
        }
        try {
            Optional<String> job = project.flatMap(p -> task.map(t -> TaskSchedule.jobFullName(p, t)));
            TaskSchedule schedule = TaskSchedule.of(when, cron, zoneValid ? timezone : Optional.empty(), job);
            return zoneValid ? Optional.of(schedule) : Optional.empty();
        } catch (CronSyntaxException e) {
            f.problem(when.isPresent() ? "when" : "schedule", e.getMessage());
            return Optional.empty();
        }
    }

    Fields fields(String name) {
        return fieldsByName.get(name);
    }
}
