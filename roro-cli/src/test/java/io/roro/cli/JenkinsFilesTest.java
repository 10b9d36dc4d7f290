package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.DeployResult;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.Origin;
import io.roro.core.contract.TrainingState;
import io.roro.core.contract.TrainingHandle;
import io.roro.core.schedule.RetrainPipeline;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.contract.TrainOutcome;
import io.roro.core.contract.TrainingStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Jenkinsfiles in pipelines/ and the Configuration-as-Code file in jenkins-casc/ are what users copy; the plugin
 * they drive cannot be built here (no Jenkins repository). So their agreement with the code is checked as text:
 * every roro step call uses parameters the step declares (its {@code @DataBoundConstructor} and
 * {@code @DataBoundSetter}s), every `unclassified: roro:` key is a property of the global configuration, every
 * `roro` command line in them parses, and the pod templates are what `roro k8s pod-template` makes today. The same
 * for the plugin itself: the options its steps pass to roro exist, and its tests' stand-in for roro answers only with
 * fields the real command writes.
 */
class JenkinsFilesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PLUGIN = ROOT.resolve("roro-plugin/src/main/java/io/jenkins/plugins/roro");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** How the shipped JCasC names the registry: the controller's RORO_REGISTRY, resolved by JCasC. */
    static final String REGISTRY_VARIABLE = "${RORO_REGISTRY:-registry.example.com/ml}";
    private static final Pattern FUNCTION_NAME = Pattern.compile(
            "getFunctionName\\(\\)\\s*\\{\\s*return\\s+\"(\\w+)\"");
    private static final Pattern SETTER = Pattern.compile("@DataBoundSetter\\s+public\\s+void\\s+set(\\w+)\\(");
    private static final Pattern EXTENDS = Pattern.compile("class\\s+\\w+\\s+extends\\s+(\\w+)");
    private static final Pattern CONSTRUCTOR = Pattern.compile("@DataBoundConstructor\\s+public\\s+\\w+\\(([^)]*)\\)");

    /** Step function name -> the parameters a Pipeline may pass, read from the plugin's step classes. */
    private static Map<String, Set<String>> steps() throws IOException {
        Map<String, Set<String>> steps = new HashMap<>();
        try (Stream<Path> files = Files.list(PLUGIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Step.java")).toList()) {
                String source = Files.readString(file);
                Matcher name = FUNCTION_NAME.matcher(source);
                if (!name.find()) {
                    continue; // an abstract base of steps
                }
                Set<String> parameters = parameters(source);
                Matcher base = EXTENDS.matcher(source);
                if (base.find() && Files.exists(PLUGIN.resolve(base.group(1) + ".java"))) {
                    parameters.addAll(parameters(Files.readString(PLUGIN.resolve(base.group(1) + ".java"))));
                }
                steps.put(name.group(1), parameters);
            }
        }
        return steps;
    }

    private static Set<String> parameters(String source) {
        Set<String> parameters = new HashSet<>();
        Matcher setter = SETTER.matcher(source);
        while (setter.find()) {
            parameters.add(Character.toLowerCase(setter.group(1).charAt(0)) + setter.group(1).substring(1));
        }
        Matcher constructor = CONSTRUCTOR.matcher(source);
        if (constructor.find() && !constructor.group(1).isBlank()) {
            for (String parameter : constructor.group(1).split(",")) {
                String[] words = parameter.trim().split("\\s+");
                parameters.add(words[words.length - 1]);
            }
        }
        return parameters;
    }

    private static List<Path> jenkinsfiles() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("pipelines"))) {
            return files.filter(f -> f.toString().endsWith(".Jenkinsfile")).sorted().toList();
        }
    }

    @Test
    void everyStepCallInThePipelinesUsesParametersTheStepHas() throws IOException {
        Map<String, Set<String>> steps = steps();
        assertThat(steps).containsKeys("roroDeploy", "nhaTrain", "publishModelVersion", "serveModel", "roroLineage",
                "roroRollback");
        List<String> calls = new ArrayList<>();
        for (Path file : jenkinsfiles()) {
            calls.addAll(stepCalls(file.getFileName().toString(), Files.readString(file), steps));
        }
        assertThat(calls).as("the pipelines call the steps").hasSizeGreaterThan(5);
        // and the pipeline of the retrain jobs roroDeploy keeps
        String generated = RetrainPipeline.script("retrain", Optional.of("default"),
                Optional.of("https://git.example.com/x.git"), Optional.of("main"), Optional.of("roro"));
        assertThat(stepCalls("the generated retrain job", generated, steps)).hasSize(2);
    }

    /** The step calls in a Pipeline's text, each checked against the step's parameters. */
    private static List<String> stepCalls(String where, String text, Map<String, Set<String>> steps) {
        Pattern call = Pattern.compile("\\b(" + String.join("|", steps.keySet()) + ")\\b\\s*\\(?([^\\n}]*)");
        Pattern key = Pattern.compile("(\\w+)\\s*:");
        List<String> calls = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("//.*", "");
            Matcher m = call.matcher(line);
            while (m.find()) {
                // named arguments only: nested maps and lists ([a: 1]) belong to one argument's value
                String arguments = m.group(2).replaceAll("\\[[^\\]]*\\]", "[]").replaceAll("'[^']*'", "''")
                        .replaceAll("\"[^\"]*\"", "\"\"");
                Matcher k = key.matcher(arguments);
                while (k.find()) {
                    assertThat(steps.get(m.group(1))).as(where + ":" + (i + 1) + " " + m.group(1)
                            + " has no parameter '" + k.group(1) + "'").contains(k.group(1));
                }
                calls.add(where + ":" + (i + 1) + " " + m.group(1));
            }
        }
        return calls;
    }

    @Test
    void theCascRoroKeysArePropertiesOfTheGlobalConfiguration() throws IOException {
        Set<String> properties = parameters(Files.readString(PLUGIN.resolve("RoroConfiguration.java")));
        JsonNode casc = YAML.readTree(ROOT.resolve("jenkins-casc/jenkins.yaml").toFile());
        JsonNode helm = YAML.readTree(YAML.readTree(ROOT.resolve("jenkins-casc/helm/values.yaml").toFile())
                .path("controller").path("JCasC").path("configScripts").path("roro").asText());
        for (JsonNode file : List.of(casc, helm)) {
            JsonNode roro = file.path("unclassified").path("roro");
            assertThat(roro.isObject()).isTrue();
            List<String> keys = new ArrayList<>();
            roro.fieldNames().forEachRemaining(keys::add);
            assertThat(properties).as("RoroConfiguration's @DataBoundSetter properties").containsAll(keys);
        }
        assertThat(helm.path("unclassified")).as("the Helm values configure roro as jenkins.yaml does")
                .isEqualTo(casc.path("unclassified"));
        assertThat(helm.path("jobs")).isEqualTo(casc.path("jobs"));
    }

    @Test
    void everyStepParameterAndGlobalFieldHasItsHelp() throws IOException {
        Path resources = ROOT.resolve("roro-plugin/src/main/resources/io/jenkins/plugins/roro");
        List<String> missing = new ArrayList<>();
        Map<String, Set<String>> steps = steps();
        try (Stream<Path> files = Files.list(PLUGIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Step.java")).toList()) {
                Matcher name = FUNCTION_NAME.matcher(Files.readString(file));
                if (name.find()) {
                    String type = file.getFileName().toString().replace(".java", "");
                    steps.get(name.group(1)).forEach(parameter -> {
                        if (!Files.isRegularFile(resources.resolve(type + "/help-" + parameter + ".html"))) {
                            missing.add(type + "/help-" + parameter + ".html");
                        }
                    });
                    if (!Files.isRegularFile(resources.resolve(type + "/help.html"))) {
                        missing.add(type + "/help.html");
                    }
                }
            }
        }
        for (String field : parameters(Files.readString(PLUGIN.resolve("RoroConfiguration.java")))) {
            if (!Files.isRegularFile(resources.resolve("RoroConfiguration/help-" + field + ".html"))) {
                missing.add("RoroConfiguration/help-" + field + ".html");
            }
        }
        assertThat(missing).as("help files the snippet generator and the global configuration page show").isEmpty();
        assertThat(steps.values().stream().mapToInt(Set::size).sum()).as("parameters found").isGreaterThan(20);
    }

    @Test
    void thePipelinesNameNothingOfTheExample() throws Exception {
        ProjectSpec example = ProjectSpecReader.read(
                ROOT.resolve("examples/credit-risk"));
        List<String> names = new ArrayList<>(List.of(example.project()));
        example.services().forEach(service -> names.add(service.name()));
        example.tasks().forEach(task -> names.add(task.name()));
        example.models().forEach(model -> names.add(model.name()));
        example.datasets().forEach(dataset -> names.add(dataset.name()));
        for (Path file : jenkinsfiles()) {
            String code = Files.readString(file).lines().map(line -> line.replaceAll("//.*", ""))
                    .reduce("", (a, b) -> a + b + "\n");
            for (String name : names) {
                assertThat(code).as(file.getFileName() + " names '" + name + "' of the example: read it from roro.yml"
                        + " through a step's answer or a parameter").doesNotContain("'" + name + "'")
                        .doesNotContain("\"" + name + "\"");
            }
        }
    }

    @Test
    void everyRoroCommandLineInThePipelinesParses() throws IOException {
        Pattern command = Pattern.compile("'roro ([^']+)'");
        int seen = 0;
        for (Path file : jenkinsfiles()) {
            Matcher m = command.matcher(Files.readString(file));
            while (m.find()) {
                String[] args = m.group(1).trim().split("\\s+");
                try {
                    RoroCommand.commandLine().parseArgs(args);
                } catch (CommandLine.ParameterException e) {
                    throw new AssertionError(file.getFileName() + ": roro " + m.group(1) + ": " + e.getMessage(), e);
                }
                seen++;
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theCascPodTemplatesAreWhatRoroMakesForTheExampleProfiles() throws IOException {
        JsonNode casc = YAML.readTree(ROOT.resolve("jenkins-casc/jenkins.yaml").toFile()).path("jenkins")
                .path("clouds").get(0).path("kubernetes").path("templates");
        List<JsonNode> templates = new ArrayList<>();
        casc.forEach(templates::add);
        // the Helm values carry the same templates in the chart's form (a JCasC list per key)
        JsonNode helm = YAML.readTree(ROOT.resolve("jenkins-casc/helm/values.yaml").toFile()).path("agent")
                .path("podTemplates");
        helm.forEach(list -> {
            try {
                YAML.readTree(list.asText()).forEach(templates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(templates).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode template : templates) {
            String profile = template.path("name").asText().replaceFirst("^roro-", "");
            assertThat(template.path("serviceAccount").asText()).as("runs as the account of rbac.yaml")
                    .isEqualTo("roro-agent");
            JsonNode pod = YAML.readTree(template.path("yaml").asText());
            CliRun made = CliRun.of("k8s", "pod-template", profile, "-C", ROOT.resolve("examples/credit-risk")
                    .toString(), "--registry", REGISTRY_VARIABLE);
            assertThat(made.exitCode()).as(made.err()).isZero();
            assertThat(pod).as("template " + template.path("name").asText() + "; regenerate it with roro k8s"
                    + " pod-template " + profile + " --registry '" + REGISTRY_VARIABLE + "'")
                    .isEqualTo(YAML.readTree(made.out()));
        }
    }

    @Test
    void theStepsPassOnlyOptionsTheirRoroCommandHas() throws IOException {
        CommandLine roro = RoroCommand.commandLine();
        Pattern command = Pattern.compile("List\\.of\\(\"([a-z][a-z-]*)\"");
        Pattern option = Pattern.compile("\"(--?[a-zA-Z][\\w-]*)\"");
        int checked = 0;
        try (Stream<Path> files = Files.list(PLUGIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Step.java")).sorted().toList()) {
                String source = Files.readString(file);
                // each roro command the step runs, with the options written after it up to the next command
                List<Integer> starts = new ArrayList<>();
                List<String> names = new ArrayList<>();
                Matcher sub = command.matcher(source);
                while (sub.find()) {
                    starts.add(sub.start());
                    names.add(sub.group(1));
                }
                if (names.isEmpty()) {
                    continue; // runs no roro command itself
                }
                for (int i = 0; i < names.size(); i++) {
                    CommandLine subcommand = roro.getSubcommands().get(names.get(i));
                    assertThat(subcommand).as(file.getFileName() + " runs roro " + names.get(i)).isNotNull();
                    int end = i + 1 < starts.size() ? starts.get(i + 1) : source.length();
                    Matcher m = option.matcher(source.substring(starts.get(i), end));
                    while (m.find()) {
                        assertThat(subcommand.getCommandSpec().findOption(m.group(1))).as(file.getFileName()
                                + " passes " + m.group(1) + " to roro " + names.get(i)).isNotNull();
                        checked++;
                    }
                    // RoroCli adds --json to every command it runs
                    assertThat(subcommand.getCommandSpec().findOption("--json")).as("roro " + names.get(i)
                            + " --json").isNotNull();
                }
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    /**
     * The plugin's tests answer with canned JSON (roro-plugin's fake-roro.sh); every field they rely on must be one the
     * real `roro ... --json` writes, or the plugin's tests would pass against answers roro never gives.
     */
    @Test
    void thePluginTestsFakeRoroAnswersOnlyWithFieldsTheRealOneWrites() throws IOException {
        Map<String, JsonNode> canned = cannedAnswers();
        assertThat(canned).containsKeys("deploy --target", "train retrain", "serve default", "train status");
        Origin origin = Origin.of("jenkins", "test");
        BuildVersion build = new BuildVersion("credit-risk", "abc-123", "roro/credit-risk:abc-123", "sha256:0",
                Optional.of(new GitInfo("abc", Optional.of("main"), Optional.of("https://git.example.com/x.git"),
                        false)), "git", Instant.now(), origin);
        DeployResult deploy = new DeployResult("credit-risk", 3, build, List.of(new DeployResult.ServiceOutcome(
                "default", Optional.of("http://127.0.0.1:8080/"), Optional.of("credit-model:v2"), Optional.empty())),
                List.of(new DeployResult.ScheduledTask("retrain", "credit-risk/retrain", "0 10 * * *", List.of(),
                        "default", "metrics.auc >= live")));
        assertFieldsExist("deploy --json", canned.get("deploy --target"), JsonOption.MAPPER.valueToTree(deploy));
        TrainingHandle handle = new TrainingHandle("credit-risk:retrain-1", "roro-train-credit-risk-retrain-1",
                Optional.of(Path.of("/tmp/work")), "default", Optional.empty(), Optional.of("credit-model"), Optional.empty(),
                Optional.empty(), true, "jenkins");
        assertFieldsExist("train --detach --json", canned.get("train retrain"),
                JsonOption.MAPPER.valueToTree(handle));
        DeploymentEvent event = new DeploymentEvent("credit-risk", "default", 2, DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of("credit-model:v3"), Optional.of("credit-risk:abc-123"), 1,
                Optional.of("http://127.0.0.1:8080/"), Optional.empty(), Instant.now(), origin, Optional.empty());
        assertFieldsExist("serve --json", canned.get("serve default"), JsonOption.MAPPER.valueToTree(event));
        DeploymentEvent canary = CommandJson.read(canned.get("serve canary").toString(), DeploymentEvent.class);
        assertThat(canary.candidate().orElseThrow().judgeFor()).contains(Duration.ofSeconds(4));
        assertFieldsExist("serve --canary --json", canned.get("serve canary"), JsonOption.MAPPER.valueToTree(canary));
        assertThat(CommandJson.read(canned.get("promote default").toString(), DeploymentEvent.class).type())
                .isEqualTo(DeploymentEventType.PROMOTED);
        TrainingStatus status = new TrainingStatus("credit-risk:retrain-1", TrainingState.RUNNING, 0.5,
                Map.of("auc", 0.9), Optional.empty(), Optional.empty(), Optional.empty());
        for (JsonNode answer : canned.get("train status")) {
            assertFieldsExist("train status --json", answer, JsonOption.MAPPER.valueToTree(status));
        }
        assertThat(CommandJson.read(canned.get("run -C").toString(), TrainOutcome.class)
                .training().task()).as("roroRun reads roro run's answer").isEqualTo("run");
        // and the other way: each canned answer is read as the record the step reads it as, every field present
        assertThat(CommandJson.read(canned.get("deploy --target").toString(), DeployResult.class).project())
                .isEqualTo("credit-risk");
        assertThat(CommandJson.read(canned.get("train retrain").toString(), TrainingHandle.class).trainingId())
                .isEqualTo("credit-risk:retrain-1");
        assertThat(CommandJson.readEvent(canned.get("serve default").toString())).isPresent();
        for (JsonNode answer : canned.get("train status")) {
            assertThat(CommandJson.read(answer.toString(), TrainingStatus.class).training())
                    .isEqualTo("credit-risk:retrain-1");
        }
    }

    /** Case label -> its canned JSON; cases with several answers (train status) give an array of them. */
    private static Map<String, JsonNode> cannedAnswers() throws IOException {
        Map<String, JsonNode> answers = new HashMap<>();
        Pattern label = Pattern.compile("^\\s*\"([^\"]+)\"\\)");
        Pattern printf = Pattern.compile("printf '(\\{.*\\})\\\\n'");
        String current = null;
        for (String line : Files.readAllLines(ROOT.resolve(
                "roro-plugin/src/test/resources/io/jenkins/plugins/roro/fake-roro.sh"))) {
            Matcher l = label.matcher(line);
            if (l.find()) {
                current = l.group(1);
            }
            Matcher p = printf.matcher(line);
            if (p.find() && current != null) {
                JsonNode json = JsonOption.MAPPER.readTree(p.group(1).replace("\\\\", "\\")); // printf's escape
                JsonNode before = answers.get(current);
                if (before == null) {
                    answers.put(current, current.equals("train status")
                            ? JsonOption.MAPPER.createArrayNode().add(json) : json);
                } else {
                    ((ArrayNode) before).add(json);
                }
            }
        }
        return answers;
    }

    private static void assertFieldsExist(String what, JsonNode canned, JsonNode real) {
        if (canned.isObject()) {
            canned.fieldNames().forEachRemaining(field -> {
                assertThat(real.has(field)).as(what + ": the fake answers with '" + field + "', roro writes "
                        + real).isTrue();
                assertFieldsExist(what + "." + field, canned.get(field), real.get(field));
            });
        } else if (canned.isArray() && canned.size() > 0 && real.isArray() && real.size() > 0) {
            assertFieldsExist(what + "[0]", canned.get(0), real.get(0));
        }
    }
}
