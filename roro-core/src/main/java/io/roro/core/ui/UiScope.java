package io.roro.core.ui;

import io.roro.core.lineage.Lineage;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose a page of the UI is: the projects it shows records of, for a site that shows each viewer only the projects
 * they may read (Jenkins). A model version, dataset or model is its model's project's. The pages across projects
 * (home, all models) and anything whose project is unknown answer the empty set: shown to nobody there.
 */
final class UiScope {
    private static final Pattern PROJECT = Pattern.compile("/projects/([^/]+)(/services/[^/]+)?");
    private static final Pattern ONE = Pattern.compile("/(models|versions|trainings|datasets)/([^/]+)");

    private final Lineage lineage;

    UiScope(Lineage lineage) {
        this.lineage = lineage;
    }

    Set<String> projectsOf(String path, Map<String, String> query, List<String> versions) {
        Set<String> projects = new LinkedHashSet<>();
        Matcher project = PROJECT.matcher(path);
        Matcher one = ONE.matcher(path);
        if (project.matches()) {
            projects.add(UiRoutes.decode(project.group(1)));
        } else if (one.matches()) {
            String id = UiRoutes.decode(one.group(2));
            Optional<String> owner = switch (one.group(1)) {
                case "models" -> modelProject(id);
                case "versions" -> projectOf(new LineageRef(LineageRef.Kind.MODEL_VERSION, id));
                case "datasets" -> projectOf(new LineageRef(LineageRef.Kind.DATASET, id));
                default -> Optional.of(LineageIds.split(id, "training")[0]);
            };
            owner.ifPresent(projects::add);
            return owner.isPresent() ? projects : Set.of();
        } else if (path.equals("/lineage") && query.containsKey("of")) {
            return projectOf(LineageRef.parse(query.get("of"))).map(Set::of).orElse(Set.of());
        } else if (path.equals("/compare")) {
            for (String version : versions) {
                Optional<String> owner = projectOf(new LineageRef(LineageRef.Kind.MODEL_VERSION, version));
                if (owner.isEmpty()) {
                    return Set.of();
                }
                projects.add(owner.get());
            }
        }
        return projects;
    }

    /** The project {@code ref} belongs to; empty when its model has none recorded. */
    Optional<String> projectOf(LineageRef ref) {
        return switch (ref.kind()) {
            case DEPLOYMENT, BUILD -> Optional.of(ref.owner());
            case DATASET, MODEL_VERSION -> modelProject(ref.owner());
        };
    }

    private Optional<String> modelProject(String model) {
        return lineage.models().model(model).flatMap(ModelRecord::project);
    }
}
