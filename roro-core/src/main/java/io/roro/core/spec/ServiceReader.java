package io.roro.core.spec;

import io.roro.core.spec.ServiceSpec.Autoscale;
import io.roro.core.spec.ServiceSpec.HealthCheck;
import io.roro.core.spec.YamlNode.Mapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one entry of {@code services:}. References to models and profiles are checked by the caller. */
final class ServiceReader {
    static final Set<String> KEYS = Set.of("name", "function", "command", "directory", "port", "model", "profile",
            "size", "replicas", "autoscale", "health", "cors_allow_origins", "ingress", "batch", "rollout", "timeout_s");
    private static final Set<String> BATCH_KEYS = Set.of("max_size", "max_wait_ms");
    private static final Set<String> AUTOSCALE_KEYS = Set.of("min", "max", "cpu_percent", "memory_percent");
    private static final Set<String> INGRESS_KEYS = Set.of("host", "path", "tls_secret", "class");
    /** RFC 1123 host names as an Ingress rule takes them (no wildcard: a service has one address). */
    private static final Pattern HOST = Pattern.compile(
            "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    /** Kubernetes object names (DNS subdomains), for the TLS Secret and the IngressClass. */
    private static final Pattern OBJECT_NAME = Pattern.compile(
            "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Set<String> HEALTH_KEYS = Set.of("path", "start_period_s", "interval_s", "timeout_s");

    private final Problems problems;
    private final ProjectFiles files;
    /** Where each service was read, so reference errors found later point at the right line. */
    private final Map<String, Fields> fieldsByName = new HashMap<>();

    ServiceReader(Problems problems, ProjectFiles files) {
        this.problems = problems;
        this.files = files;
    }

    Optional<ServiceSpec> read(Mapping mapping, String path) {
        Fields f = Fields.of(problems, mapping, path, KEYS);
        Optional<String> name = f.requiredString("name", "name: default");
        name.flatMap(n -> Names.checkName("service", n)).ifPresent(p -> f.problem("name", p));
        // a service's canary runs as SERVICE-canary (Deployment, backends): a service of that name would be it
        name.filter(n -> n.endsWith("-canary")).ifPresent(n -> f.problem("name", "'" + n + "' ends with -canary,"
                + " the name of another service's canary (" + n.substring(0, n.length() - "-canary".length())
                + "'s); choose another name"));

        Optional<FunctionRef> function = f.string("function").flatMap(text -> {
            try {
                return Optional.of(Names.parseFunction(text));
            } catch (IllegalArgumentException e) {
                f.problem("function", e.getMessage());
                return Optional.empty();
            }
        });
        Optional<String> command = f.string("command");
        command.filter(String::isBlank).ifPresent(c -> f.problem("command", "command is empty"));
        if (f.has("function") == f.has("command")) {
            f.problem(f.has("function") ? "command" : "name", f.has("function")
                    ? "a service has either `function:` or `command:`, not both"
                    : "a service needs `function: module.function` (served as an HTTP API) or `command:`"
                            + " (a web process listening on `port:`)");
        }
        Optional<String> directory = files.directory(f, "directory");
        // the module is where the service runs (its directory:) and binds the name: said now, not by a traceback
        function.ifPresent(ref -> files.root(directory).flatMap(root -> PythonModules.check(root, ref))
                .ifPresent(problem -> f.problem("function", problem)));
        int port = f.integer("port", 1, 65535).orElse(ServiceSpec.DEFAULT_PORT);
        if (f.has("port") && f.has("function")) {
            f.problem("port", "port: is where a `command:` service listens; a `function:` service is served by roro"
                    + " on its own port (remove port:)");
        }
        int replicas = f.integer("replicas", 0, 1000).orElse(1);
        if (replicas == 0) {
            f.problem("replicas", "replicas: 0 would serve nothing; at least 1 (roro stop takes a service off)");
        }
        Optional<Autoscale> autoscale = f.map("autoscale", "{min: 1, max: 10, cpu_percent: 60}")
                .flatMap(m -> autoscale(Fields.of(problems, m, f.path("autoscale"), AUTOSCALE_KEYS)));
        autoscale.filter(a -> f.has("replicas") && (replicas < a.min() || replicas > a.max())).ifPresent(a ->
                f.problem("replicas", "replicas " + replicas + " is outside autoscale's " + a.min() + ".." + a.max()));
        HealthCheck health = f.map("health", "{path: /health, start_period_s: 30}")
                .map(m -> health(Fields.of(problems, m, f.path("health"), HEALTH_KEYS)))
                .orElse(HealthCheck.defaults());
        Optional<ServiceSpec.Ingress> ingress = f.map("ingress", "{host: credit.example.com, tls_secret: credit-tls}")
                .flatMap(m -> ingress(Fields.of(problems, m, f.path("ingress"), INGRESS_KEYS)));
        Optional<ServiceSpec.Batch> batch = f.map("batch", "{max_size: 64, max_wait_ms: 5}")
                .map(m -> batch(Fields.of(problems, m, f.path("batch"), BATCH_KEYS)));
        if (batch.isPresent() && f.has("command")) {
            f.problem("batch", "batching is for `function:` services (roro calls NAME_batch); a `command:` service"
                    + " serves its requests itself");
        }
        Optional<ServiceSpec.RolloutPolicy> rollout = f.map("rollout", "{canary: 10, promote_after: 10m,"
                + " max_error_rate: 1%}").map(m -> RolloutReader.read(Fields.of(problems, m, f.path("rollout"),
                        RolloutReader.KEYS)));
        String profile = ProjectSpecReader.profileOrSize(f);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        fieldsByName.putIfAbsent(name.get(), f);
        int timeout = f.integer("timeout_s", 1, 3600).orElse(ServiceSpec.DEFAULT_TIMEOUT_S);
        if (f.has("timeout_s") && f.has("command")) {
            f.problem("timeout_s", "the prediction timeout is for `function:` services; a `command:` service times"
                    + " its requests itself");
        }
        return Optional.of(new ServiceSpec(name.get(), function, command, directory, port, f.string("model"),
                profile, replicas, autoscale, health, corsOrigins(f), ingress, batch, rollout,
                timeout));
    }

    /**
     * {@code cors_allow_origins}: "*" alone, or origins as browsers send them ({@code https://app.example.com},
     * a port if not the scheme's): each goes into an Access-Control-Allow-Origin header, so nothing else may.
     */
    private static List<String> corsOrigins(Fields f) {
        List<String> origins = f.strings("cors_allow_origins");
        for (String origin : origins) {
            boolean wildcard = origin.equals("*");
            if (wildcard && origins.size() > 1) {
                f.problem("cors_allow_origins", "'*' allows every origin; it cannot be listed with others");
            } else if (!wildcard && !origin.matches("https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")) {
                f.problem("cors_allow_origins", "'" + Visible.text(origin) + "' is not an origin: scheme and host,"
                        + " a port if any, nothing else (e.g. https://app.example.com or http://localhost:3000)");
            }
        }
        return origins;
    }

    private ServiceSpec.Batch batch(Fields f) {
        return new ServiceSpec.Batch(f.integer("max_size", 2, 1024).orElse(64),
                f.integer("max_wait_ms", 0, 1000).orElse(5));
    }

    private Optional<Autoscale> autoscale(Fields f) {
        int min = f.integer("min", 1, 1000).orElse(1);
        Optional<Integer> max = f.integer("max", 1, 1000);
        if (max.isEmpty()) {
            if (!f.has("max")) {
                f.problem("max", "autoscale needs `max:`, the most replicas to run (e.g. max: 10)");
            }
            return Optional.empty();
        }
        if (max.get() < min) {
            f.problem("max", "max " + max.get() + " is below min " + min);
            return Optional.empty();
        }
        Optional<Integer> cpu = f.integer("cpu_percent", 1, 1000);
        Optional<Integer> memory = f.integer("memory_percent", 1, 1000);
        if (cpu.isEmpty() && memory.isEmpty() && !f.has("cpu_percent") && !f.has("memory_percent")) {
            cpu = Optional.of(80);
        }
        return Optional.of(new Autoscale(min, max.get(), cpu, memory));
    }

    private Optional<ServiceSpec.Ingress> ingress(Fields f) {
        Optional<String> host = f.requiredString("host", "host: credit.example.com");
        host.filter(h -> h.length() > 253 || !HOST.matcher(h).matches()).ifPresent(h -> f.problem("host", "'" + h
                + "' is not a host name: lower-case labels of letters, digits and '-', separated by dots"
                + " (e.g. credit.example.com)"));
        // Kubernetes refuses an IP address as an Ingress rule's host (it routes by name)
        host.filter(h -> h.matches("[0-9.]+")).ifPresent(h -> f.problem("host", "'" + h + "' is an IP address;"
                + " an Ingress rule takes a DNS name (e.g. credit.example.com)"));
        String path = f.string("path").orElse("/");
        if (!path.matches("/[A-Za-z0-9._~/-]*")) {
            f.problem("path", "'" + path + "' is not an HTTP path prefix; it starts with / (e.g. /credit)");
        } else if (path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/..")) {
            // what Kubernetes refuses in a Prefix path (an ingress controller would normalise it to another one)
            f.problem("path", "'" + path + "' has an empty, '.' or '..' segment; write the path it means (e.g."
                    + " /credit)");
        }
        Optional<String> tls = f.string("tls_secret");
        tls.filter(t -> !OBJECT_NAME.matcher(t).matches()).ifPresent(t -> f.problem("tls_secret", "'" + t
                + "' is not a Kubernetes Secret name (lower-case letters, digits, '-' and '.')"));
        Optional<String> className = f.string("class");
        className.filter(c -> !OBJECT_NAME.matcher(c).matches()).ifPresent(c -> f.problem("class", "'" + c
                + "' is not an IngressClass name (lower-case letters, digits, '-' and '.'; e.g. nginx)"));
        return host.map(h -> new ServiceSpec.Ingress(h, path, tls, className));
    }

    private HealthCheck health(Fields f) {
        HealthCheck defaults = HealthCheck.defaults();
        String path = f.string("path").orElse(defaults.path());
        if (!path.matches("/[A-Za-z0-9._~/-]*")) {
            f.problem("path", "'" + path + "' is not an HTTP path; it starts with / and has no spaces or query"
                    + " (e.g. /health)");
            path = defaults.path();
        }
        return new HealthCheck(path, f.integer("start_period_s", 0, 3600).orElse(defaults.startPeriodSeconds()),
                f.integer("interval_s", 1, 3600).orElse(defaults.intervalSeconds()),
                f.integer("timeout_s", 1, 600).orElse(defaults.timeoutSeconds()));
    }

    Fields fields(String name) {
        return fieldsByName.get(name);
    }
}
