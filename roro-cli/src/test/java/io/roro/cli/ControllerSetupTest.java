package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.roro.core.platform.kubernetes.RoroImages;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an administrator applies to stand up a controller - jenkins-casc/kubernetes/*.yaml, the Helm values, the
 * JCasC file, plugins.txt, scripts/build-images.sh - kept true to each other and to the code: every manifest is
 * typed Kubernetes objects without a field the API does not know, every roro image they name is one the build
 * script pushes (under the names the Kubernetes target uses), every plugin the pipelines and the CasC file use is
 * installed. The agents' Role is checked against the requests roro makes by roro-core's AgentRoleTest.
 */
class ControllerSetupTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CASC = ROOT.resolve("jenkins-casc");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String REGISTRY = "registry.example.com/ml";
    /** A JCasC variable with a default, as the shipped files name the registry. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z_]+:-([^}]*)}");

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(CASC.resolve("kubernetes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyManifestIsKubernetesObjectsWithNoUnknownField() throws IOException {
        Set<String> kinds = new LinkedHashSet<>();
        for (Path file : manifests()) {
            List<HasMetadata> objects = objects(file);
            assertThat(objects).as(file.getFileName().toString()).isNotEmpty();
            for (HasMetadata object : objects) {
                assertThat(unknownFields(object, object.getKind())).as(file.getFileName() + ": " + object.getKind()
                        + " " + object.getMetadata().getName()).isEmpty();
                assertThat(object.getMetadata().getName()).isNotBlank();
                if (!object.getKind().equals("Namespace")) {
                    assertThat(object.getMetadata().getNamespace()).as(object.getKind() + " "
                            + object.getMetadata().getName()).isIn("ml", "jenkins"); // the agents', the controller's
                }
                kinds.add(object.getKind());
            }
        }
        assertThat(kinds).contains("Namespace", "ServiceAccount", "Role", "RoleBinding", "Secret", "StatefulSet",
                "Service", "ConfigMap");
    }

    @Test
    void theAgentPodsOfTheHelmValuesAndTheCascFileAreValidPods() throws IOException {
        List<String> pods = new ArrayList<>();
        YAML.readTree(CASC.resolve("jenkins.yaml").toFile()).path("jenkins").path("clouds").get(0)
                .path("kubernetes").path("templates").forEach(t -> pods.add(t.path("yaml").asText()));
        for (JsonNode list : YAML.readTree(CASC.resolve("helm/values.yaml").toFile()).path("agent")
                .path("podTemplates")) {
            YAML.readTree(list.asText()).forEach(t -> pods.add(t.path("yaml").asText()));
        }
        assertThat(pods).hasSizeGreaterThanOrEqualTo(4);
        for (String yaml : pods) {
            Pod pod = Serialization.unmarshal(yaml, Pod.class);
            assertThat(unknownFields(pod, "Pod")).isEmpty();
            assertThat(pod.getSpec().getContainers()).extracting(c -> c.getName()).contains("jnlp", "roro");
        }
    }

    @Test
    void everyRoroImageNamedIsOneTheBuildScriptPushes() throws Exception {
        List<String> pushed = buildScript("--print", REGISTRY);
        assertThat(pushed).as("the script's names are the Kubernetes target's")
                .containsExactlyElementsOf(RoroImages.ALL.stream()
                        .map(name -> RoroImages.reference(name, Optional.of(REGISTRY))).toList());
        Pattern image = Pattern.compile("[\\w.\\-/]*roro-(agent|runtime-python|runtime-gpu|controller)(:[\\w.\\-]+)?");
        List<Path> files = new ArrayList<>(manifests());
        files.add(CASC.resolve("jenkins.yaml"));
        files.add(CASC.resolve("helm/values.yaml"));
        int seen = 0;
        for (Path file : files) {
            String text = VARIABLE.matcher(String.join("\n", Files.readAllLines(file).stream()
                    .filter(line -> !line.trim().startsWith("#")).toList())).replaceAll("$1"); // comments are prose
            Matcher m = image.matcher(text);
            while (m.find()) {
                if (m.group(2) != null) { // a tagged reference (the chart's image is in parts: checked below)
                    assertThat(pushed).as(file.getFileName() + " names " + m.group()).contains(m.group());
                    seen++;
                }
            }
        }
        JsonNode controller = YAML.readTree(CASC.resolve("helm/values.yaml").toFile()).path("controller")
                .path("image");
        String chartImage = controller.path("registry").asText() + "/" + controller.path("repository").asText() + ":"
                + controller.path("tag").asText();
        assertThat(pushed).as("the chart's controller image").contains(chartImage);
        assertThat(seen).isGreaterThanOrEqualTo(5);
    }

    /**
     * plugins.txt pins what the Jenkins BOM the plugin is built against has (its pom's bom-2.541.x version), so a
     * controller of the Jenkins line the plugin targets accepts every plugin (a pin from the weekly line needed a
     * newer Jenkins: workflow-job 1590 wants 2.556).
     */
    @Test
    void everyPinIsTheVersionOfTheBomThePluginIsBuiltAgainst() throws IOException {
        String pom = Files.readString(CASC.resolveSibling("roro-plugin/pom.xml"));
        String bomVersion = pom.replaceAll("(?s).*<artifactId>bom-\\$\\{jenkins.baseline}.x</artifactId>\\s*"
                + "<version>([^<]+)</version>.*", "$1");
        assertThat(bomVersion).isEqualTo("6237.v4da_61a_4a_19e5");
        Map<String, String> bom = new HashMap<>();
        try (var in = getClass().getResourceAsStream("bom-2.541.x-" + bomVersion + ".txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .forEach(l -> bom.put(l.substring(0, l.indexOf(':')), l.substring(l.indexOf(':') + 1)));
        }
        String plugins = Files.readString(CASC.resolve("plugins.txt"));
        assertThat(plugins).as("the header names the BOM").contains("bom-2.541.x at " + bomVersion);
        List<String> pins = plugins.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        for (String pin : pins) {
            String name = pin.substring(0, pin.indexOf(':'));
            assertThat(bom).as("%s is in the BOM", name).containsKey(name);
            assertThat(pin).as("the BOM's version of " + name).isEqualTo(name + ":" + bom.get(name));
        }
        assertThat(Files.readString(CASC.resolveSibling("agent-images/controller/Dockerfile")))
                .as("the image resolves dependencies as the chart does (installLatestPlugins: false)")
                .contains("jenkins-plugin-cli --latest false");
    }

    @Test
    void thePluginsUsedAreThePluginsInstalled() throws IOException {
        List<String> listed = Files.readAllLines(CASC.resolve("plugins.txt")).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        var controller = YAML.readTree(CASC.resolve("helm/values.yaml").toFile()).path("controller");
        // the image brings plugins.txt's plugins and roro's: a chart list would install into an emptied volume
        assertThat(controller.path("installPlugins").isBoolean() && !controller.path("installPlugins").asBoolean())
                .as("installPlugins: false for the roro-controller image").isTrue();
        assertThat(controller.path("image").path("repository").asText()).endsWith("roro-controller");
        assertThat(listed).allMatch(line -> line.matches("[a-z0-9-]+:[\\w.\\-]+"), "NAME:VERSION, pinned");
        Set<String> installed = new HashSet<>();
        listed.forEach(line -> installed.add(line.substring(0, line.indexOf(':'))));

        // what each construct in the pipelines and the CasC file needs
        Map<String, String> needs = Map.ofEntries(Map.entry("pipeline {", "pipeline-model-definition"),
                Map.entry("timestamps()", "timestamper"), Map.entry("input message:", "pipeline-input-step"),
                Map.entry("error ", "workflow-basic-steps"), Map.entry("sh '", "workflow-durable-task-step"),
                Map.entry("multibranchPipelineJob", "workflow-multibranch"), Map.entry("jobs:", "job-dsl"),
                Map.entry("- kubernetes:", "kubernetes"), Map.entry("usernamePassword:", "credentials"),
                Map.entry("git {", "git"), Map.entry("unclassified:", "configuration-as-code"),
                Map.entry("nhaTrain", "workflow-cps"), Map.entry("disableConcurrentBuilds()", "workflow-job"));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> pipelines = Files.list(ROOT.resolve("pipelines"))) {
            pipelines.forEach(files::add);
        }
        files.add(CASC.resolve("jenkins.yaml"));
        Set<String> used = new LinkedHashSet<>();
        for (Path file : files) {
            String text = Files.readString(file);
            needs.forEach((construct, plugin) -> {
                if (text.contains(construct)) {
                    used.add(plugin);
                }
            });
        }
        assertThat(used).hasSizeGreaterThan(8);
        assertThat(installed).as("plugins.txt").containsAll(used);
    }

    private static List<HasMetadata> objects(Path file) throws IOException {
        Object parsed = Serialization.unmarshal(Files.newInputStream(file));
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        return List.of((HasMetadata) parsed);
    }

    /**
     * Fields fabric8 kept aside because its model has no such property: what a real API server would reject or
     * drop. Walks every nested model object and list.
     */
    private static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknown.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
            }
            return unknown;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknown.addAll(unknownFields(v, path + "." + k)));
            return unknown;
        }
        if (!(value instanceof KubernetesResource)) {
            return unknown;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) field).keySet().forEach(k -> unknown.add(path + "." + k));
            } else if (field != null) {
                unknown.addAll(unknownFields(field, path + "." + getter.getName().substring(3)));
            }
        }
        return unknown;
    }

    private static List<String> buildScript(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/build-images.sh").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
