package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The administrator's install keeps the controller's Secrets where agents cannot read them: agent pods (and every
 * `sh` step) may get Secrets of the namespace their Role is in, so only what they need is there; the MongoDB root
 * password, the controller's git credentials, its image pull secret and the chart's admin password are in the
 * release's namespace (before, all of them were in the agents' namespace).
 */
class AgentSecretsTest {
    private static final Path CASC = Path.of("..", "jenkins-casc");
    private static final Set<String> AGENTS_NEED = Set.of("roro-lineage", "roro-registry", "roro-git");
    private static final Pattern SECRET_COMMAND = Pattern.compile("kubectl -n (\\S+) create secret \\S+ (\\S+)");
    private static final Pattern HELM = Pattern.compile("helm (?:install|upgrade) jenkins jenkins/jenkins[^`\\n]* -n (\\S+)");

    @Test
    void theAgentsNamespaceHoldsOnlyWhatAgentsNeed() throws IOException {
        List<HasMetadata> objects = manifests();
        String agents = objects.stream().filter(Role.class::isInstance).findFirst().orElseThrow().getMetadata()
                .getNamespace();
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(CASC.resolve("helm/values.yaml").toFile());
        assertThat(values.path("agent").path("namespace").asText()).as("agent pods run where the Role is")
                .isEqualTo(agents);

        List<Secret> secrets = objects.stream().filter(Secret.class::isInstance).map(Secret.class::cast).toList();
        assertThat(secrets).filteredOn(s -> s.getMetadata().getNamespace().equals(agents))
                .extracting(s -> s.getMetadata().getName()).isNotEmpty().allMatch(AGENTS_NEED::contains);
        assertThat(secrets).filteredOn(s -> s.getMetadata().getNamespace().equals(agents))
                .allSatisfy(s -> assertThat(s.getStringData()).doesNotContainKeys("root-password", "root-username"));

        // the release, and so the chart's admin Secret, is elsewhere, with what the controller reads
        String release = releaseNamespace();
        assertThat(release).isNotEqualTo(agents);
        List<String> releaseSecrets = secrets.stream().filter(s -> s.getMetadata().getNamespace().equals(release))
                .map(s -> s.getMetadata().getName()).toList();
        values.path("controller").path("additionalExistingSecrets").forEach(s -> assertThat(releaseSecrets)
                .as("the controller's Secrets are in its namespace").contains(s.path("name").asText()));
        assertThat(releaseSecrets).contains(values.path("controller").path("imagePullSecretName").asText());

        // MongoDB reads its root password from a Secret of its own namespace: not the agents'
        StatefulSet mongo = objects.stream().filter(StatefulSet.class::isInstance).map(StatefulSet.class::cast)
                .filter(s -> s.getMetadata().getName().equals("mongo")).findFirst().orElseThrow();
        assertThat(mongo.getMetadata().getNamespace()).isNotEqualTo(agents);
        List<String> rootSecrets = mongo.getSpec().getTemplate().getSpec().getContainers().stream()
                .flatMap(c -> c.getEnv().stream()).map(EnvVar::getValueFrom).filter(v -> v != null
                        && v.getSecretKeyRef() != null && v.getSecretKeyRef().getKey().startsWith("root-"))
                .map(v -> v.getSecretKeyRef().getName()).toList();
        assertThat(rootSecrets).isNotEmpty().allSatisfy(name -> assertThat(secrets).anySatisfy(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo(name);
            assertThat(s.getMetadata().getNamespace()).isEqualTo(mongo.getMetadata().getNamespace());
        }));

        // and the README's commands make them where the manifests have them
        Matcher commands = SECRET_COMMAND.matcher(Files.readString(Path.of("..", "README.md")));
        int made = 0;
        while (commands.find()) {
            made++;
            if (commands.group(1).equals(agents)) {
                assertThat(AGENTS_NEED).as(commands.group()).contains(commands.group(2));
            }
        }
        assertThat(made).isGreaterThanOrEqualTo(5);
    }

    private static String releaseNamespace() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : List.of(Path.of("..", "README.md"), CASC.resolve("helm/values.yaml"),
                Path.of("..", "docs", "admin.md"))) {
            Matcher m = HELM.matcher(Files.readString(file));
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        assertThat(found).as("every helm command names one namespace").isNotEmpty().containsOnly(found.get(0));
        return found.get(0);
    }

    private static List<HasMetadata> manifests() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(CASC.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    Object parsed = Serialization.unmarshal(in);
                    if (parsed instanceof List<?> list) {
                        list.forEach(o -> objects.add((HasMetadata) o));
                    } else {
                        objects.add((HasMetadata) parsed);
                    }
                }
            }
        }
        return objects;
    }
}
