package io.roro.core.spec;

import io.roro.core.spec.ResourceProfile.Resources;
import io.roro.core.spec.ResourceProfile.Toleration;
import io.roro.core.spec.YamlNode.Mapping;
import io.roro.core.spec.YamlNode.Sequence;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads {@code profiles:}: resolves {@code extends:}, checks quantities, GPUs, node selectors and tolerations. */
final class ProfileReader {
    static final Set<String> KEYS = Set.of("extends", "requests", "limits", "gpu", "gpu_resource", "node_selector",
            "tolerations", "affinity", "service_account", "image_pull_secrets", "priority_class");
    private static final Set<String> RESOURCE_KEYS = Set.of("cpu", "memory", "ephemeral_storage");
    private static final Set<String> TOLERATION_KEYS = Set.of("key", "operator", "value", "effect",
            "toleration_seconds");
    private static final Set<String> GPU_RESOURCES = Set.of(ResourceProfile.NVIDIA_GPU, "amd.com/gpu",
            "gpu.intel.com/i915", "gpu.intel.com/xe");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?");

    private final Problems problems;
    /** Each profile is resolved once, even when several others extend it. */
    private final Map<String, Optional<ResourceProfile>> done = new HashMap<>();

    ProfileReader(Problems problems) {
        this.problems = problems;
    }

    /** A profile as written, before {@code extends:} fills in what it leaves out. */
    private record Draft(String name, Fields fields, Optional<String> parent, Resources requests, Resources limits,
            Optional<Integer> gpu, Optional<String> gpuResource, Optional<Map<String, String>> nodeSelector,
            Optional<List<Toleration>> tolerations, Optional<Map<String, Object>> affinity,
            Optional<String> serviceAccount, Optional<List<String>> imagePullSecrets,
            Optional<String> priorityClass) {
    }

    /** Built-in profiles overlaid with the file's {@code profiles:} mapping. */
    Map<String, ResourceProfile> read(Optional<Mapping> section) {
        Map<String, ResourceProfile> profiles = BuiltinProfiles.all();
        if (section.isEmpty()) {
            return profiles;
        }
        Map<String, Draft> drafts = new LinkedHashMap<>();
        for (YamlNode.Entry entry : section.get().entries().values()) {
            String path = "profiles." + entry.key();
            Names.checkProfileName(entry.key()).ifPresent(p -> problems.add(entry.keyMark(), path, p));
            Fields.mapping(problems, entry.value(), path, "requests: {cpu: 1, memory: 1Gi}")
                    .ifPresent(m -> drafts.put(entry.key(), draft(entry.key(), Fields.of(problems, m, path, KEYS))));
        }
        for (Draft draft : drafts.values()) {
            resolve(draft, drafts, profiles).ifPresent(p -> profiles.put(p.name(), p));
        }
        return profiles;
    }

    private Draft draft(String name, Fields f) {
        Optional<Map<String, String>> selector = f.has("node_selector")
                ? Optional.of(nodeSelector(f)) : Optional.empty();
        Optional<List<Toleration>> tolerations = f.list("tolerations", "- {key: nvidia.com/gpu, operator: Exists}")
                .map(s -> tolerations(s, f.path("tolerations")));
        Optional<Map<String, Object>> affinity = f.map("affinity", "nodeAffinity: {...}")
                .map(m -> castMap(Fields.plain(m)));
        affinity.ifPresent(a -> AffinityShape.problems(a).forEach(p -> f.problem("affinity", p)));
        Optional<String> gpuResource = f.string("gpu_resource");
        gpuResource.filter(r -> !GPU_RESOURCES.contains(r)).ifPresent(r -> f.problem("gpu_resource",
                "unknown GPU resource '" + r + "'; known: " + String.join(", ", GPU_RESOURCES.stream().sorted()
                        .toList())));
        Optional<String> serviceAccount = dnsName(f, "service_account");
        Optional<String> priorityClass = dnsName(f, "priority_class");
        Optional<List<String>> pullSecrets = f.has("image_pull_secrets")
                ? Optional.of(f.strings("image_pull_secrets")) : Optional.empty();
        pullSecrets.ifPresent(list -> list.stream().filter(s -> !DNS_SUBDOMAIN.matcher(s).matches()).forEach(s ->
                f.problem("image_pull_secrets", "'" + s + "' is not a valid secret name")));
        return new Draft(name, f, f.string("extends"), resources(f, "requests"), resources(f, "limits"),
                f.integer("gpu", 0, 64), gpuResource, selector, tolerations, affinity, serviceAccount, pullSecrets,
                priorityClass);
    }

    private Optional<String> dnsName(Fields f, String key) {
        Optional<String> value = f.string(key);
        if (value.isPresent() && !DNS_SUBDOMAIN.matcher(value.get()).matches()) {
            f.problem(key, "'" + value.get() + "' is not a valid Kubernetes name; use lowercase letters, digits,"
                    + " '-' and '.'");
            return Optional.empty();
        }
        return value;
    }

    private Resources resources(Fields profile, String key) {
        Optional<Mapping> mapping = profile.map(key, "{cpu: 1, memory: 1Gi}");
        if (mapping.isEmpty()) {
            return Resources.none();
        }
        Fields f = Fields.of(problems, mapping.get(), profile.path(key), RESOURCE_KEYS);
        return new Resources(quantity(f, "cpu", Quantities::cpu), quantity(f, "memory", Quantities::bytes),
                quantity(f, "ephemeral_storage", Quantities::bytes));
    }

    private Optional<String> quantity(Fields f, String key, Function<String, BigDecimal> parser) {
        Optional<String> value = f.string(key);
        if (value.isPresent()) {
            try {
                parser.apply(value.get());
            } catch (IllegalArgumentException e) {
                f.problem(key, e.getMessage());
                return Optional.empty();
            }
        }
        return value;
    }

    private Map<String, String> nodeSelector(Fields f) {
        Map<String, String> selector = f.stringMap("node_selector", "{accelerator: nvidia-tesla-t4}");
        selector.forEach((key, value) -> {
            String name = key.substring(key.indexOf('/') + 1);
            String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
            if (!LABEL_NAME.matcher(name).matches() || !prefix.isEmpty() && !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                f.problem("node_selector", "'" + key + "' is not a valid label key (e.g. cloud.google.com/gke-accelerator)");
            }
            if (!value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
                f.problem("node_selector", "'" + value + "' is not a valid label value for " + key
                        + "; use at most 63 letters, digits, '-', '_' and '.'");
            }
        });
        return selector;
    }

    private List<Toleration> tolerations(Sequence list, String path) {
        List<Toleration> tolerations = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            String itemPath = path + "[" + i + "]";
            Optional<Mapping> m = Fields.mapping(problems, list.items().get(i), itemPath,
                    "key: nvidia.com/gpu, operator: Exists, effect: NoSchedule");
            if (m.isEmpty()) {
                continue;
            }
            Fields t = Fields.of(problems, m.get(), itemPath, TOLERATION_KEYS);
            String operator = t.string("operator").orElse("Equal");
            if (!operator.equals("Equal") && !operator.equals("Exists")) {
                t.problem("operator", "'" + operator + "' is not a toleration operator; use Equal or Exists");
            }
            Optional<String> value = t.string("value");
            if (operator.equals("Exists") && value.isPresent()) {
                t.problem("value", "a toleration with operator Exists takes no value");
            }
            Optional<String> key = t.string("key");
            if (key.isEmpty() && !operator.equals("Exists")) {
                t.problem("key", "a toleration needs a key unless its operator is Exists");
            }
            Optional<String> effect = t.string("effect");
            effect.filter(e -> !Set.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(e)).ifPresent(e ->
                    t.problem("effect", "'" + e + "' is not a taint effect; use NoSchedule, PreferNoSchedule or"
                            + " NoExecute"));
            Optional<Long> seconds = t.integer("toleration_seconds", 0, Integer.MAX_VALUE).map(Integer::longValue);
            if (seconds.isPresent() && !"NoExecute".equals(effect.orElse(""))) {
                t.problem("toleration_seconds", "toleration_seconds only applies to effect NoExecute");
            }
            tolerations.add(new Toleration(key.orElse(""), operator, value, effect, seconds));
        }
        return tolerations;
    }

    /**
     * The profile {@code start} makes once what it extends has filled in what it leaves out. The chain of
     * {@code extends:} is walked, not recursed into: thousands of profiles in one chain are a file's right.
     */
    private Optional<ResourceProfile> resolve(Draft start, Map<String, Draft> drafts,
            Map<String, ResourceProfile> resolved) {
        if (done.containsKey(start.name())) {
            return done.get(start.name());
        }
        List<Draft> chain = new ArrayList<>(); // start first, then what it extends, up to a known base
        Set<String> visiting = new LinkedHashSet<>();
        ResourceProfile base = null;
        boolean broken = false;
        for (Draft current = start; ; ) {
            if (current != start && done.containsKey(current.name())) {
                base = done.get(current.name()).orElse(null);
                broken = base == null;
                break;
            }
            if (!visiting.add(current.name())) {
                current.fields().problem("extends", "profiles extend each other in a cycle: "
                        + String.join(" -> ", visiting) + " -> " + current.name());
                broken = true;
                break;
            }
            chain.add(current);
            if (current.parent().isEmpty()) {
                break;
            }
            String parent = current.parent().get();
            Draft parentDraft = drafts.get(parent);
            if (parentDraft != null && !parent.equals(current.name())) {
                current = parentDraft;
            } else if (parentDraft == null && resolved.containsKey(parent)) {
                base = resolved.get(parent);
                break;
            } else if (parent.equals(current.name()) && BuiltinProfiles.all().containsKey(parent)) {
                base = BuiltinProfiles.all().get(parent);
                break;
            } else {
                current.fields().problem("extends", "profile '" + current.name() + "' extends '" + parent
                        + "', which is not defined; defined profiles: " + String.join(", ", allNames(drafts)));
                broken = true;
                break;
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Draft draft = chain.get(i);
            if (broken) {
                done.put(draft.name(), Optional.empty()); // said once, where the chain breaks
                continue;
            }
            ResourceProfile profile = merge(draft, base);
            checkLimits(draft, profile);
            done.put(draft.name(), Optional.of(profile));
            base = profile;
        }
        return done.get(start.name());
    }

    private static List<String> allNames(Map<String, Draft> drafts) {
        Set<String> names = new LinkedHashSet<>(BuiltinProfiles.all().keySet());
        names.addAll(drafts.keySet());
        return List.copyOf(names);
    }

    private static ResourceProfile merge(Draft d, ResourceProfile base) {
        Resources none = Resources.none();
        Resources baseRequests = base == null ? none : base.requests();
        Resources baseLimits = base == null ? none : base.limits();
        return new ResourceProfile(d.name(), overlay(d.requests(), baseRequests), overlay(d.limits(), baseLimits),
                d.gpu().orElse(base == null ? 0 : base.gpu()),
                d.gpuResource().orElse(base == null ? ResourceProfile.NVIDIA_GPU : base.gpuResource()),
                d.nodeSelector().orElse(base == null ? Map.of() : base.nodeSelector()),
                d.tolerations().orElse(base == null ? List.of() : base.tolerations()),
                d.affinity().orElse(base == null ? Map.of() : base.affinity()),
                d.serviceAccount().or(() -> base == null ? Optional.empty() : base.serviceAccount()),
                d.imagePullSecrets().orElse(base == null ? List.of() : base.imagePullSecrets()),
                d.priorityClass().or(() -> base == null ? Optional.empty() : base.priorityClass()));
    }

    private static Resources overlay(Resources own, Resources base) {
        return new Resources(own.cpu().or(base::cpu), own.memory().or(base::memory),
                own.ephemeralStorage().or(base::ephemeralStorage));
    }

    private void checkLimits(Draft draft, ResourceProfile profile) {
        compare(draft, "cpu", profile.requests().cpu(), profile.limits().cpu(), Quantities::cpu);
        compare(draft, "memory", profile.requests().memory(), profile.limits().memory(), Quantities::bytes);
        compare(draft, "ephemeral_storage", profile.requests().ephemeralStorage(),
                profile.limits().ephemeralStorage(), Quantities::bytes);
    }

    private void compare(Draft draft, String what, Optional<String> request, Optional<String> limit,
            Function<String, BigDecimal> parser) {
        if (request.isEmpty() || limit.isEmpty()) {
            return;
        }
        try {
            if (parser.apply(limit.get()).compareTo(parser.apply(request.get())) < 0) {
                String key = draft.fields().has("limits") ? "limits" : "requests";
                draft.fields().problem(key, what + " limit " + limit.get() + " is below the request "
                        + request.get() + "; a limit must be at least the request");
            }
        } catch (IllegalArgumentException expected) {
            // the malformed quantity is already reported where it is written
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
