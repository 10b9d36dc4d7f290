package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.roro.core.spec.ResourceProfile.Toleration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSpecReaderTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "credit-risk");

    @Test
    void readsTheExampleProjectCompletely() throws Exception {
        ProjectSpec spec = ProjectSpecReader.read(EXAMPLE);

        assertThat(spec.project()).isEqualTo("credit-risk");
        assertThat(spec.runtime()).isEqualTo("python3");
        assertThat(spec.build()).isEqualTo(BuildSpec.defaults());

        ServiceSpec service = spec.service("default").orElseThrow();
        assertThat(service.isDefault()).isTrue();
        assertThat(service.function()).contains(new FunctionRef("predict", "predict"));
        assertThat(service.model()).contains("credit-model");
        assertThat(service.port()).isEqualTo(8080);
        assertThat(service.health().path()).isEqualTo("/health");
        assertThat(service.health().startPeriodSeconds()).isEqualTo(10);

        TaskSpec retrain = spec.task("retrain").orElseThrow();
        assertThat(retrain.command()).contains("python3 train.py");
        assertThat(retrain.params()).containsExactly(Map.entry("n_estimators", 60L), Map.entry("max_depth", 3L),
                Map.entry("learning_rate", 0.1));
        assertThat(retrain.schedule().orElseThrow().jenkinsSpec()).isEqualTo("TZ=Europe/Berlin\n0 10 * * *");
        assertThat(retrain.serve()).contains("default");
        assertThat(retrain.dataset()).contains("credit-data");

        ModelSpec model = spec.model("credit-model").orElseThrow();
        assertThat(model.files()).containsExactly(new ModelSpec.ModelFile("model.pkl", true, 64),
                new ModelSpec.ModelFile("metrics.json", false, 1));

        ResourceProfile gpu = spec.profile("gpu");
        assertThat(gpu.gpu()).isEqualTo(1);
        assertThat(gpu.requests().cpu()).contains("4");
        assertThat(gpu.requests().memory()).contains("16Gi");
        assertThat(gpu.nodeSelector()).containsEntry("accelerator", "nvidia");
        assertThat(gpu.tolerations()).containsExactly(new Toleration("nvidia.com/gpu", "Exists", Optional.empty(),
                Optional.of("NoSchedule"), Optional.empty()));
    }

    @Test
    void profilesExtendAndKeepQuantitiesAsWritten() throws Exception {
        ProjectSpec spec = ProjectSpecReader.parse("""
                project: p
                profiles:
                  base: {requests: {cpu: 500m, memory: 1536Mi}, node_selector: {pool: ml}}
                  big: {extends: base, limits: {memory: 3Gi}}
                  S1: {extends: S1, gpu: 1}
                """, "roro.yml");
        ResourceProfile big = spec.profile("big");
        assertThat(big.requests().memory()).contains("1536Mi");
        assertThat(big.requests().cpu()).contains("500m");
        assertThat(big.limits().memory()).contains("3Gi");
        assertThat(big.nodeSelector()).containsEntry("pool", "ml");
        ResourceProfile s1 = spec.profile("S1");
        assertThat(s1.gpu()).isEqualTo(1);
        assertThat(s1.requests().memory()).isEqualTo(BuiltinProfiles.all().get("S1").requests().memory());
    }

    /** Shapes of the roro.yml files rorodata's docs and demo projects show; each must load unchanged. */
    @Test
    void rorodataShapesLoadUnchanged() throws Exception {
        ProjectSpec functions = ProjectSpecReader.parse("""
                project: loan-service
                runtime: python3

                services:
                    - name: api
                      function: predict.predict
                      size: S1

                    - name: grades
                      function: grading.find_grade
                      size: S1

                    - name: default
                      command: gunicorn -w4 webapp:app
                      directory: webapp/
                      size: S1
                """, "roro.yml");
        assertThat(functions.services()).extracting(ServiceSpec::name).containsExactly("api", "grades", "default");
        assertThat(functions.service("default").orElseThrow().command()).contains("gunicorn -w4 webapp:app");
        assertThat(functions.service("default").orElseThrow().directory()).contains("webapp/");
        assertThat(functions.service("api").orElseThrow().profile()).isEqualTo("S1");

        ProjectSpec cors = ProjectSpecReader.parse("""
                project: vision-demo
                runtime: python3-keras
                services:
                  - name: default
                    function: predict.predict
                    cors_allow_origins: "*"
                """, "roro.yml");
        assertThat(cors.service("default").orElseThrow().corsAllowOrigins()).containsExactly("*");

        ProjectSpec sandbox = ProjectSpecReader.parse("""
                project: style-demo
                runtime: rorodata/sandbox
                services:
                  - name: default
                    function: style.transfer
                    size: Z64
                """, "roro.yml");
        assertThat(sandbox.runtime()).isEqualTo("rorodata/sandbox");
        assertThat(sandbox.profile("Z64").requests().memory()).contains("64Gi");

        ProjectSpec cron = ProjectSpecReader.parse("""
                project: hello
                tasks:
                  - name: morning
                    command: python morning.py
                    when: every day at 10:00 AM
                  - name: evening
                    command: python evening.py
                    when: every day at 20:00
                  - name: weekly
                    command: python weekly.py
                    when: every week on sunday at 10:00 AM
                  - name: monthly
                    command: python monthly.py
                    when: every month on first day at 10:00 AM
                  - name: second
                    command: python second.py
                    when: every month on day 2 at 10:00 AM
                """, "roro.yml");
        assertThat(cron.tasks()).extracting(t -> t.schedule().orElseThrow().cron())
                .containsExactly("0 10 * * *", "0 20 * * *", "0 10 * * 0", "0 10 1 * *", "0 10 2 * *");
    }

    /** A FIFO named as the Dockerfile would hang `roro deploy` (and the resident roro) on its read. */
    @Test
    void aPipeWhereAFileIsNamedIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("Dockerfile").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.writeString(dir.resolve("roro.yml"), "project: piped\nbuild: {dockerfile: Dockerfile}\n");
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.read(dir));
        assertThat(e.getMessage()).contains("roro.yml:2").contains("build.dockerfile")
                .contains("'Dockerfile' is not a regular file");
    }

    /** A long chain of extends resolves; a long cycle is a problem naming it, not a StackOverflowError. */
    @Test
    void thousandsOfProfilesInOneExtendsChainOrCycle(@TempDir Path dir) throws Exception {
        StringBuilder chain = new StringBuilder("project: deep\nprofiles:\n  p0: {limits: {cpu: 1, memory: 1Gi}}\n");
        for (int i = 1; i < 2000; i++) {
            chain.append("  p").append(i).append(": {extends: p").append(i - 1).append("}\n");
        }
        Files.writeString(dir.resolve("roro.yml"), chain.toString());
        assertThat(ProjectSpecReader.read(dir).profiles().get("p1999").limits().memory()).contains("1Gi");

        StringBuilder cycle = new StringBuilder("project: deep\nprofiles:\n");
        for (int i = 0; i < 5000; i++) {
            cycle.append("  c").append(i).append(": {extends: c").append((i + 1) % 5000).append("}\n");
        }
        Files.writeString(dir.resolve("roro.yml"), cycle.toString());
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.read(dir));
        assertThat(e.getMessage()).contains("profiles extend each other in a cycle: c0 -> c1 -> c2");
    }

    /** YAML 1.1 spells true as yes, on, y: read as false, `required: yes` let a publish without the file through. */
    @Test
    void yamlsOtherSpellingsOfTrueAreTrue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("roro.yml"), """
                project: flags
                tasks:
                  - name: train
                    command: python3 train.py
                    model: m
                    params: {a: yes, b: On, d: no, e: off, f: true, g: "yes"}
                models:
                  - name: m
                    files:
                      - {name: model.pkl, required: yes}
                      - {name: notes.txt, required: off}
                """);
        ProjectSpec spec = ProjectSpecReader.read(dir);
        assertThat(spec.models().get(0).files()).extracting(ModelSpec.ModelFile::required).containsExactly(true, false);
        assertThat(spec.tasks().get(0).params()).containsEntry("a", true).containsEntry("b", true)
                .containsEntry("d", false).containsEntry("e", false).containsEntry("f", true)
                .containsEntry("g", "yes");
    }

    @Test
    void aFileWithoutProjectTakesTheDirectoryName(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectory(dir.resolve("load-forecasting"));
        Files.createDirectory(project.resolve("html"));
        Files.writeString(project.resolve("roro.yml"),
                "\nservices:\n    - name: default\n      command: python -m http.server 8080\n      directory: html\n");
        assertThat(ProjectSpecReader.read(project).project()).isEqualTo("load-forecasting");

        Path badName = Files.createDirectory(dir.resolve("Bad Name"));
        Files.writeString(badName.resolve("roro.yml"), "runtime: python3-keras\n");
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.read(badName));
        assertThat(e.problems().get(0).message()).contains("directory name 'Bad Name' is not a valid project name");
    }

    @Test
    void filesNamedInTheSpecMustExistInsideTheProject(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.ipynb"), "{}");
        Path project = Files.createDirectory(dir.resolve("p"));
        Files.createSymbolicLink(project.resolve("linked.ipynb"), outside.resolve("secret.ipynb"));
        Files.writeString(project.resolve("notadir"), "x");
        Files.writeString(project.resolve("roro.yml"), """
                project: p
                build: {dockerfile: Dockerfile.missing}
                services:
                  - {name: web, command: x, directory: notadir}
                tasks:
                  - {name: a, notebook: linked.ipynb}
                  - {name: b, notebook: nope.ipynb}
                """);
        SpecException e = catchThrowableOfType(SpecException.class, () -> ProjectSpecReader.read(project));
        assertThat(e.problems()).extracting(SpecProblem::path, SpecProblem::line).containsExactly(
                Tuple.tuple("", 0), // the link itself, named by the project's file scan
                Tuple.tuple("build.dockerfile", 2),
                Tuple.tuple("services[0].directory", 4),
                Tuple.tuple("tasks[0].notebook", 6),
                Tuple.tuple("tasks[1].notebook", 7));
        assertThat(e.problems()).extracting(SpecProblem::message).containsExactly(
                "a symbolic link to " + outside.resolve("secret.ipynb") + ", outside the project directory: the"
                        + " image cannot have it; copy it into the project",
                "'Dockerfile.missing' does not exist in the project directory",
                "'notadir' is a file; expected a directory",
                "'linked.ipynb' is a link to outside the project directory",
                "'nope.ipynb' does not exist in the project directory");
        assertThat(e.problems().get(0).file()).isEqualTo(project.resolve("linked.ipynb").toString());
        assertThat(e.problems().get(1).file()).isEqualTo(project.resolve("roro.yml").toString());
    }

    @Test
    void modelsAndDatasetsMayBeJustNames() throws Exception {
        ProjectSpec spec = ProjectSpecReader.parse("project: p\nmodels: [a, b]\ndatasets: [d]\n", "roro.yml");
        assertThat(spec.models()).extracting(ModelSpec::name).containsExactly("a", "b");
        assertThat(spec.datasets()).extracting(DatasetSpec::name).containsExactly("d");
        assertThat(spec.models().get(0).files()).isEqualTo(List.of());
    }

    @Test
    void specRecordsAreImmutable() throws Exception {
        ProjectSpec spec = ProjectSpecReader.read(EXAMPLE);
        Assertions.assertThatThrownBy(() -> spec.services().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        Assertions.assertThatThrownBy(() -> spec.profiles().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        Assertions.assertThatThrownBy(() -> spec.task("retrain").orElseThrow().params().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
