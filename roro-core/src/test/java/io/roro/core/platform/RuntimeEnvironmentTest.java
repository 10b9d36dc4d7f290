package io.roro.core.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract with the Python runtime, from both ends: what roro writes for a service, a training and a notebook is
 * read by roro_runtime's settings (run here with Debian's python3) as the values meant, and nothing is written that
 * the runtime does not read.
 */
class RuntimeEnvironmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Variables of the process, not of roro's runtime. */
    private static final Set<String> NOT_RORO = Set.of("HOME", "PORT", "JUPYTER_RUNTIME_DIR");

    private static final ProjectSpec SPEC = spec("""
            project: credit-risk
            runtime: python3
            services:
              - name: api
                function: predict.predict
                model: credit-model
                timeout_s: 7
                batch: {max_size: 16, max_wait_ms: 3}
                cors_allow_origins: ["https://a.example.com", "https://b.example.com"]
            tasks:
              - name: retrain
                command: python3 train.py
                model: credit-model
            models: [credit-model]
            """);

    @Test
    void aServedFunctionIsToldWhatToServeHowAndWhereAndTheRuntimeReadsItSo() throws Exception {
        RuntimeEnvironment env = RuntimeEnvironment.service(SPEC.services().get(0), Optional.of("credit-model:v3"),
                "127.0.0.1:9001", 9001, Optional.of("/score")).with("RORO_LIVE_FILE", "/roro-live/api")
                .at(new RuntimeEnvironment.Paths("/srv/app", "/srv/model", "/srv/out", "/srv/data"));
        JsonNode read = readByRuntime(env);
        JsonNode settings = read.get("settings");
        assertThat(settings.get("function").asText()).isEqualTo("predict.predict");
        assertThat(settings.get("timeout_s").asDouble()).isEqualTo(7.0);
        assertThat(settings.get("batch_max_size").asInt()).isEqualTo(16);
        assertThat(settings.get("batch_max_wait_ms").asInt()).isEqualTo(3);
        assertThat(settings.get("bind").asText()).isEqualTo("127.0.0.1:9001");
        assertThat(settings.get("model_version").asText()).isEqualTo("credit-model:v3");
        assertThat(settings.get("cors_origins").asText()).isEqualTo("https://a.example.com https://b.example.com");
        assertThat(settings.get("path_prefix").asText()).isEqualTo("/score");
        assertThat(settings.get("live_file").asText()).isEqualTo("/roro-live/api");
        assertThat(settings.get("model_dir").asText()).isEqualTo("/srv/model");
        assertThat(settings.get("app_dir").asText()).isEqualTo("/srv/app");
        assertEveryVariableIsRead(env, read);
    }

    @Test
    void aTrainingIsToldItsParametersDatasetCommandAndWhereItStartsFrom() throws Exception {
        RuntimeEnvironment env = RuntimeEnvironment.training(SPEC.tasks().get(0), Map.of("C", 0.5),
                Optional.of("credit-model:credit-data:v2"), Optional.of("/pretrained"));
        JsonNode read = readByRuntime(env);
        JsonNode settings = read.get("settings");
        assertThat(JSON.readTree(settings.get("params_json").asText()).get("C").asDouble()).isEqualTo(0.5);
        assertThat(settings.get("dataset").asText()).isEqualTo("credit-model:credit-data:v2");
        assertThat(settings.get("command").asText()).isEqualTo("python3 train.py");
        assertThat(settings.get("pretrained_dir").asText()).isEqualTo("/pretrained");
        assertEveryVariableIsRead(env, read);
    }

    @Test
    void aNotebookIsToldWhereItsFilesAreAndWhichVersionItOpened() throws Exception {
        RuntimeEnvironment env = RuntimeEnvironment.notebook(Optional.of("credit-model:v3"), NotebookRuntime.PATHS);
        JsonNode settings = readByRuntime(env).get("settings");
        assertThat(settings.get("output_dir").asText()).isEqualTo("/tmp/output");
        assertThat(settings.get("model_version").asText()).isEqualTo("credit-model:v3");
        assertEveryVariableIsRead(env, readByRuntime(env));
    }

    @Test
    void aServiceRunByItsOwnCommandIsNotToldOfFunctionsAndVariablesKeepTheirOrder() {
        ProjectSpec command = spec("""
                project: p
                services:
                  - {name: web, command: ./serve.sh}
                """);
        RuntimeEnvironment env = RuntimeEnvironment.service(command.services().get(0), Optional.empty(),
                "0.0.0.0:8080", 8080, Optional.of("/web"));
        assertThat(env.variables().keySet()).containsExactly("RORO_BIND", "PORT", "HOME", "RORO_MODEL_VERSION",
                "RORO_CORS_ORIGINS");
        assertThat(env.variables().get("RORO_MODEL_VERSION")).isEqualTo("none");
    }

    private static void assertEveryVariableIsRead(RuntimeEnvironment env, JsonNode read) {
        Set<String> names = new HashSet<>();
        read.get("names").forEach(n -> names.add(n.asText()));
        Set<String> written = new HashSet<>(env.variables().keySet());
        written.removeAll(NOT_RORO);
        assertThat(names).as("what roro_runtime.settings reads").containsAll(written);
    }

    /** roro_runtime's settings of a process given {@code env} (and nothing else of this one's RORO_ variables). */
    private static JsonNode readByRuntime(RuntimeEnvironment env) throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path toolkit = Path.of("../agent-images/runtime-python").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isDirectory(toolkit.resolve("roro_runtime")), "the runtime's sources");
        ProcessBuilder process = new ProcessBuilder(python, "-c",
                "from roro_runtime.settings import main; main()").redirectErrorStream(true);
        Map<String, String> environment = process.environment();
        Map<String, String> keep = new HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin")));
        environment.clear();
        environment.putAll(keep);
        environment.put("PYTHONPATH", toolkit.toString());
        environment.putAll(env.variables());
        Process started = process.start();
        String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(started.exitValue()).as(out).isZero();
        return JSON.readTree(out);
    }

    private static ProjectSpec spec(String yaml) {
        try {
            return ProjectSpecReader.parse(yaml, "roro.yml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
