package io.roro.core.ui;

import io.roro.core.ShownTime;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.Lineage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datasets as pages of their own: the list of dataset versions, newest first, and one version with its files
 * (each downloadable, checked on the way out), its other versions, and what was trained on it.
 */
final class DatasetPages {
    /** How many dataset versions the list shows: the newest, as `roro datasets` does. */
    static final int LISTED = 200;

    private final Lineage lineage;

    DatasetPages(Lineage lineage) {
        this.lineage = lineage;
    }

    UiPages.Page list(Optional<String> model) {
        List<Map<String, Object>> rows = lineage.datasets().datasets(model, Optional.empty(), LISTED).stream()
                .map(DatasetPages::row).toList();
        Map<String, Object> scope = UiPages.scope(model.map(m -> "datasets of " + m).orElse("datasets"),
                "datasets", rows, "listed", LISTED);
        scope.put("none", rows.isEmpty() ? Boolean.TRUE : null);
        return new UiPages.Page("datasets", scope);
    }

    UiPages.Page dataset(String id) {
        Dataset d = lineage.datasets().dataset(id).orElseThrow(() -> new UiNotFound("no dataset " + id));
        Map<String, Object> scope = UiPages.scope("dataset " + id, "id", id, "model", d.model(), "name", d.name(),
                "version", d.version(), "created", ShownTime.of(d.createdAt()), "by", d.origin().describe(),
                "state", d.archived() ? "ARCHIVED" : "PUBLISHED");
        scope.putAll(FileRows.of(lineage, d.files()));
        scope.put("downstream", UiLinks.dataset(id));
        scope.put("others", lineage.datasets().datasets(Optional.of(d.model()), Optional.empty(), LISTED).stream()
                .filter(o -> o.name().equals(d.name()) && !o.id().equals(id)).map(DatasetPages::row).toList());
        return new UiPages.Page("dataset", scope);
    }

    private static Map<String, Object> row(Dataset d) {
        return Map.of("id", d.id(), "model", d.model(), "name", d.name(), "version", d.version(), "files",
                d.files().size(), "created", ShownTime.of(d.createdAt()));
    }
}
