package io.roro.core.spec;

import io.roro.core.spec.ModelSpec.ModelFile;
import io.roro.core.spec.YamlNode.Mapping;
import io.roro.core.spec.YamlNode.Scalar;
import io.roro.core.spec.YamlNode.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * roro.yml to {@link ProjectSpec}. Reads everything, collects every problem with its position, and only then
 * either returns a spec whose references all resolve or throws a {@link SpecException} listing them all.
 */
public final class ProjectSpecReader {
    public static final String FILE_NAME = "roro.yml";
    static final Set<String> KEYS = Set.of("project", "runtime", "build", "services", "tasks", "models",
            "datasets", "profiles");
    private static final Set<String> BUILD_KEYS = Set.of("dockerfile", "requirements", "index_url",
            "extra_index_url");
    private static final Set<String> MODEL_KEYS = Set.of("name", "description", "files");
    private static final Set<String> MODEL_FILE_KEYS = Set.of("name", "required", "max_mb");
    private static final Set<String> DATASET_KEYS = Set.of("name", "description");

    private final Problems problems;
    private final ProjectFiles files;
    private final Optional<Path> directory;

    private ProjectSpecReader(String displayName, Optional<Path> directory) {
        this.problems = new Problems(displayName);
        this.files = new ProjectFiles(directory);
        this.directory = directory;
    }

    /** The roro.yml of a project directory, or the file itself when {@code fileOrDirectory} is a file. */
    public static Path locate(Path fileOrDirectory) {
        if (Files.isDirectory(fileOrDirectory)) {
            Path yml = fileOrDirectory.resolve(FILE_NAME);
            Path yaml = fileOrDirectory.resolve("roro.yaml");
            return Files.exists(yml) || !Files.exists(yaml) ? yml : yaml;
        }
        return fileOrDirectory;
    }

    /** Reads and validates a project's roro.yml, checking the files it names against its directory. */
    public static ProjectSpec read(Path fileOrDirectory) throws SpecException {
        Path file = locate(fileOrDirectory);
        String displayName = file.toString();
        Path directory = file.toAbsolutePath().getParent();
        YamlNode root = YamlReader.read(file, displayName, Optional.of(directory));
        ProjectSpecReader reader = new ProjectSpecReader(displayName, Optional.of(directory));
        Path shown = Optional.ofNullable(Path.of(displayName).getParent()).orElse(Path.of(""));
        for (ProjectTree.LinkProblem link : ProjectTree.linkProblems(directory)) {
            reader.problems.addOther(shown.resolve(link.path()).toString(), link.message());
        }
        return reader.bind(root);
    }

    /** Validates roro.yml text without a project directory (file references are checked for form only). */
    public static ProjectSpec parse(String yaml, String displayName) throws SpecException {
        YamlNode root = YamlReader.parse(yaml, displayName);
        return new ProjectSpecReader(displayName, Optional.empty()).bind(root);
    }

    private ProjectSpec bind(YamlNode root) throws SpecException {
        if (!(root instanceof Mapping mapping)) {
            problems.add(root, "", "the top level of roro.yml must be a mapping with keys such as `project:`,"
                    + " `services:` and `tasks:`; found " + root.kind());
            throw new SpecException(problems.all());
        }
        Fields f = Fields.of(problems, mapping, "", KEYS);
        Optional<String> project = projectName(f);
        String runtime = f.string("runtime").orElse("python3");
        Names.checkRuntime(runtime).ifPresent(p -> f.problem("runtime", p));
        BuildSpec build = f.map("build", "{dockerfile: Dockerfile, requirements: requirements.txt}")
                .map(m -> build(Fields.of(problems, m, "build", BUILD_KEYS))).orElse(BuildSpec.defaults());
        Optional<YamlNode.Mapping> profileSection = f.map("profiles", "{small: {requests: {cpu: 1, memory: 1Gi}}}");
        Map<String, ResourceProfile> profiles = new ProfileReader(problems).read(profileSection);
        // a profile with problems of its own (an extends cycle, a bad field) is still defined: what refers to it is
        // not reported again as referring to nothing
        Set<String> declaredProfiles = new LinkedHashSet<>(profiles.keySet());
        profileSection.ifPresent(m -> declaredProfiles.addAll(m.entries().keySet()));
        List<ModelSpec> models = items(f, "models", "[{name: credit-model}]", this::model, ModelSpec::name, "model");
        List<DatasetSpec> datasets = items(f, "datasets", "[{name: credit-data}]", this::dataset, DatasetSpec::name,
                "dataset");
        ServiceReader serviceReader = new ServiceReader(problems, files);
        List<ServiceSpec> services = items(f, "services", "[{name: default, function: predict.predict}]",
                (node, path) -> asMapping(node, path, "name: default, function: predict.predict")
                        .flatMap(m -> serviceReader.read(m, path)), ServiceSpec::name, "service");
        TaskReader taskReader = new TaskReader(problems, files, project);
        List<TaskSpec> tasks = items(f, "tasks", "[{name: retrain, command: python train.py}]",
                (node, path) -> asMapping(node, path, "name: retrain, command: python train.py")
                        .flatMap(m -> taskReader.read(m, path)), TaskSpec::name, "task");
        checkReferences(serviceReader, taskReader, services, tasks, models, datasets, declaredProfiles);
        if (!problems.isEmpty() || project.isEmpty()) {
            throw new SpecException(problems.all());
        }
        return new ProjectSpec(project.get(), runtime, build, services, tasks, models, datasets, profiles);
    }

    /**
     * {@code project:}, or, as the rorodata client did for files without one, the project directory's name.
     */
    private Optional<String> projectName(Fields f) {
        if (!f.has("project") && directory.isPresent() && directory.get().getFileName() != null) {
            String fallback = directory.get().getFileName().toString();
            if (Names.checkName("project", fallback).isEmpty()) {
                return Optional.of(fallback);
            }
            f.problem("project", "missing `project:`, and the directory name '" + fallback + "' is not a valid"
                    + " project name either; add e.g. `project: credit-risk`");
            return Optional.empty();
        }
        Optional<String> project = f.requiredString("project", "project: credit-risk");
        project.flatMap(p -> Names.checkName("project", p)).ifPresent(p -> f.problem("project", p));
        return project;
    }

    private BuildSpec build(Fields f) {
        Optional<String> dockerfile = files.file(f, "dockerfile");
        String requirements = files.optionalFile(f, "requirements", BuildSpec.DEFAULT_REQUIREMENTS)
                .orElse(BuildSpec.DEFAULT_REQUIREMENTS);
        Optional<String> index = f.string("index_url").flatMap(url -> PackageIndexes.check(f, "index_url", url));
        List<String> extra = f.string("extra_index_url").stream()
                .flatMap(urls -> Arrays.stream(urls.trim().split("\\s+")))
                .flatMap(url -> PackageIndexes.check(f, "extra_index_url", url).stream()).toList();
        return new BuildSpec(dockerfile, requirements, index, extra);
    }

    private Optional<Mapping> asMapping(YamlNode node, String path, String example) {
        return Fields.mapping(problems, node, path, example);
    }

    /** A list section whose items have unique names. */
    private <T> List<T> items(Fields f, String key, String example, BiFunction<YamlNode, String, Optional<T>> reader,
            Function<T, String> nameOf, String what) {
        List<T> items = new ArrayList<>();
        Optional<Sequence> list = f.list(key, example);
        if (list.isEmpty()) {
            return items;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.get().items().size(); i++) {
            YamlNode node = list.get().items().get(i);
            String path = key + "[" + i + "]";
            Optional<T> item = reader.apply(node, path);
            if (item.isEmpty()) {
                continue;
            }
            String name = nameOf.apply(item.get());
            Integer first = seen.putIfAbsent(name, i);
            if (first != null) {
                problems.add(node, path + ".name", "duplicate " + what + " name '" + name + "' (also " + key + "["
                        + first + "]); names must be unique");
            } else {
                items.add(item.get());
            }
        }
        return items;
    }

    private Optional<ModelSpec> model(YamlNode node, String path) {
        if (node instanceof Scalar s && s.type() == Scalar.Type.STRING) {
            return checkedName(node, path, "model", s.text()).map(n -> new ModelSpec(n, "", List.of()));
        }
        return asMapping(node, path, "name: credit-model, files: [{name: model.pkl}]").flatMap(m -> {
            Fields f = Fields.of(problems, m, path, MODEL_KEYS);
            Optional<String> name = f.requiredString("name", "name: credit-model")
                    .flatMap(n -> checkedName(f.mark("name"), f.path("name"), "model", n));
            List<ModelFile> modelFiles = new ArrayList<>();
            f.list("files", "- {name: model.pkl, required: true, max_mb: 64}").ifPresent(list -> {
                for (int i = 0; i < list.items().size(); i++) {
                    String filePath = f.path("files") + "[" + i + "]";
                    Optional<ModelFile> file = asMapping(list.items().get(i), filePath, "name: model.pkl")
                            .flatMap(fm -> modelFile(Fields.of(problems, fm, filePath, MODEL_FILE_KEYS)));
                    file.ifPresent(modelFiles::add);
                }
            });
            long distinct = modelFiles.stream().map(ModelFile::name).distinct().count();
            if (distinct < modelFiles.size()) {
                f.problem("files", "a file name is listed twice; each file of a model version has its own name");
            }
            return name.map(n -> new ModelSpec(n, f.string("description").orElse(""), modelFiles));
        });
    }

    private Optional<ModelFile> modelFile(Fields f) {
        Optional<String> name = f.requiredString("name", "name: model.pkl");
        name.flatMap(Names::checkFileName).ifPresent(p -> f.problem("name", p));
        boolean required = f.bool("required").orElse(true);
        int maxMb = f.integer("max_mb", 1, 1024 * 1024).orElse(0);
        return name.filter(n -> Names.checkFileName(n).isEmpty()).map(n -> new ModelFile(n, required, maxMb));
    }

    private Optional<DatasetSpec> dataset(YamlNode node, String path) {
        if (node instanceof Scalar s && s.type() == Scalar.Type.STRING) {
            return checkedDatasetName(node.mark(), path, s.text()).map(n -> new DatasetSpec(n, ""));
        }
        return asMapping(node, path, "name: credit-data").flatMap(m -> {
            Fields f = Fields.of(problems, m, path, DATASET_KEYS);
            return f.requiredString("name", "name: credit-data")
                    .flatMap(n -> checkedDatasetName(f.mark("name"), f.path("name"), n))
                    .map(n -> new DatasetSpec(n, f.string("description").orElse("")));
        });
    }

    private Optional<String> checkedDatasetName(YamlNode.Mark mark, String path, String name) {
        Optional<String> problem = Names.checkDatasetName(name);
        problem.ifPresent(p -> problems.add(mark, path, p));
        return problem.isPresent() ? Optional.empty() : Optional.of(name);
    }

    private Optional<String> checkedName(YamlNode node, String path, String what, String name) {
        return checkedName(node.mark(), path, what, name);
    }

    private Optional<String> checkedName(YamlNode.Mark mark, String path, String what, String name) {
        Optional<String> problem = Names.checkName(what, name);
        problem.ifPresent(p -> problems.add(mark, path, p));
        return problem.isPresent() ? Optional.empty() : Optional.of(name);
    }

    /** {@code profile:} or rorodata's {@code size:}; both name an entry of the profiles. */
    static String profileOrSize(Fields f) {
        Optional<String> profile = f.string("profile");
        Optional<String> size = f.string("size");
        if (profile.isPresent() && size.isPresent()) {
            f.problem("size", "use either `profile:` or rorodata's `size:`, not both");
        }
        return profile.or(() -> size).orElse(BuiltinProfiles.DEFAULT);
    }

    private void checkReferences(ServiceReader serviceReader, TaskReader taskReader, List<ServiceSpec> services,
            List<TaskSpec> tasks, List<ModelSpec> models, List<DatasetSpec> datasets,
            Set<String> declaredProfiles) {
        List<String> modelNames = models.stream().map(ModelSpec::name).toList();
        List<String> datasetNames = datasets.stream().map(DatasetSpec::name).toList();
        List<String> serviceNames = services.stream().map(ServiceSpec::name).toList();
        List<String> profileNames = List.copyOf(declaredProfiles);
        for (ServiceSpec service : services) {
            Fields fields = serviceReader.fields(service.name());
            reference(fields, "model", service.model(), modelNames, "models");
            reference(fields, fields.has("size") ? "size" : "profile", Optional.of(service.profile()), profileNames,
                    "profiles");
        }
        for (TaskSpec task : tasks) {
            Fields fields = taskReader.fields(task.name());
            reference(fields, "model", task.model(), modelNames, "models");
            datasetReference(fields, task.dataset(), datasetNames);
            reference(fields, fields.has("size") ? "size" : "profile", Optional.of(task.profile()), profileNames,
                    "profiles");
            if (task.serve().isPresent() && reference(fields, "serve", task.serve(), serviceNames, "services")) {
                ServiceSpec service = services.stream().filter(s -> s.name().equals(task.serve().get()))
                        .findFirst().orElseThrow();
                if (task.model().isEmpty()) {
                    fields.problem("serve", "a task serves the model version it publishes; add `model:` to the task");
                } else if (service.model().isPresent() && !service.model().equals(task.model())) {
                    fields.problem("serve", "service '" + service.name() + "' serves model '"
                            + service.model().get() + "', but this task publishes '" + task.model().get() + "'");
                }
            }
        }
    }

    /** A task's {@code dataset:}: NAME (its newest version when the training starts) or NAME:VERSION (pinned). */
    private void datasetReference(Fields f, Optional<String> value, List<String> known) {
        if (value.isEmpty()) {
            return;
        }
        String[] parts = value.get().split(":", -1);
        if (parts.length > 2 || parts.length == 2 && !parts[1].matches("v[1-9][0-9]{0,8}")) {
            f.problem("dataset", "'" + value.get() + "' is not NAME or NAME:VERSION of a dataset under `datasets:`"
                    + " (e.g. credit-data for its newest version, credit-data:v3 to pin one)");
            return;
        }
        reference(f, "dataset", Optional.of(parts[0]), known, "datasets");
    }

    private boolean reference(Fields f, String key, Optional<String> value, List<String> known, String section) {
        if (value.isEmpty() || known.contains(value.get())) {
            return true;
        }
        f.problem(key, "'" + value.get() + "' is not defined under `" + section + ":`"
                + (known.isEmpty() ? " (there are none)" : "; defined: " + String.join(", ", known)));
        return false;
    }
}
