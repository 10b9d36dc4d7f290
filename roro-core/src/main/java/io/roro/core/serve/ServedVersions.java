package io.roro.core.serve;

import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.store.ModelStore;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.VersionState;
import io.roro.core.spec.ServiceSpec;
import java.util.Optional;

/** Which model version a service gets: the one asked for, or the newest published one of its model. */
public final class ServedVersions {
    private ServedVersions() {
    }

    /**
     * @param requested {@code MODEL:VERSION}, {@code VERSION}, {@code latest}, an alias ({@code champion},
     *                  {@code MODEL:champion}) or empty
     * @return empty for a service without a model
     */
    public static Optional<ModelVersion> resolve(Lineage lineage, ServiceSpec service, Optional<String> requested) {
        ModelStore store = lineage.models();
        if (service.model().isEmpty()) {
            if (requested.isPresent() && !requested.get().equals("latest")) {
                throw new ServeException("service " + service.name() + " serves no model (add `model:` to it)");
            }
            return Optional.empty();
        }
        String model = service.model().get();
        Optional<ModelVersion> version;
        if (requested.isEmpty() || requested.get().equals("latest")) {
            version = store.latestVersion(model);
        } else {
            String id = requested.get().contains(":") ? requested.get() : LineageIds.modelVersion(model, requested.get());
            if (!id.startsWith(model + ":")) {
                throw new ServeException("service " + service.name() + " serves model " + model + ", not " + id);
            }
            ModelVersion v = lineage.aliases().resolve(model, id.substring(model.length() + 1)).orElseThrow(
                    () -> new ServeException("no model version or alias " + id));
            if (v.state() == VersionState.PURGED) {
                throw new ServeException(store.purgedMessage(v));
            }
            if (v.state() == VersionState.ARCHIVED) {
                throw new ServeException(v.id() + (v.id().equals(id) ? "" : " (" + id + ")")
                        + " is archived; publish or pick another version");
            }
            version = Optional.of(v);
        }
        if (version.isEmpty()) {
            throw new ServeException("no version of model " + model + " is published yet; train one first (roro train)"
                    + " or publish one (roro publish)");
        }
        return version;
    }

    /** {@link #resolve}, refusing a version derived from a quarantine (its data, its build, what it was tuned from). */
    public static Optional<ModelVersion> resolveServable(Lineage lineage, ServiceSpec service,
            Optional<String> requested) {
        Optional<ModelVersion> version = resolve(lineage, service, requested);
        version.ifPresent(v -> lineage.quarantines().taintOf(v.id()).ifPresent(q -> {
            throw new ServeException(v.id() + (q.ref().equals(v.id()) ? " is quarantined " : " is derived from"
                    + " quarantined ") + q.describe() + ": serve another version, or lift it (roro quarantine --lift "
                    + q.ref() + ")");
        }));
        return version;
    }

    /** Refuses a quarantined build: its image serves nothing until the quarantine is lifted. */
    static void refuseQuarantined(Lineage lineage, BuildVersion build) {
        lineage.quarantines().ofBuild(build.id()).ifPresent(q -> {
            throw new ServeException("build " + build.id() + " is quarantined " + q.describe() + ": deploy another"
                    + " commit, or lift it (roro quarantine --lift " + q.ref() + ")");
        });
    }
}
