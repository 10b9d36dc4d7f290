package io.roro.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated roro.yml. Every reference inside it resolves: a service's model and profile, a task's dataset and so on.
 *
 * @param profiles the built-in profiles (rorodata sizes) merged with the file's own, by name
 */
public record ProjectSpec(
        String project,
        String runtime,
        BuildSpec build,
        List<ServiceSpec> services,
        List<TaskSpec> tasks,
        List<ModelSpec> models,
        List<DatasetSpec> datasets,
        Map<String, ResourceProfile> profiles) {

    public ProjectSpec {
        services = List.copyOf(services);
        tasks = List.copyOf(tasks);
        models = List.copyOf(models);
        datasets = List.copyOf(datasets);
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    public Optional<ServiceSpec> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<TaskSpec> task(String name) {
        return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<ModelSpec> model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<DatasetSpec> dataset(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public ResourceProfile profile(String name) {
        ResourceProfile profile = profiles.get(name);
        if (profile == null) {
            throw new IllegalArgumentException("no profile '" + name + "' in project " + project);
        }
        return profile;
    }
}
