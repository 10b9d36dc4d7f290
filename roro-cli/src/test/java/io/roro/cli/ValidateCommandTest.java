package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "credit-risk");

    @Test
    void validExamplePrintsNothingAndExitsZero() {
        CliRun run = CliRun.of("validate", EXAMPLE.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theProjectDirectoryIsGivenWithMinusCAsToEveryOtherCommand(@TempDir Path dir) throws IOException {
        Path project = copyExample(dir);
        Files.writeString(project.resolve("roro.yml"), Files.readString(project.resolve("roro.yml"))
                .replace("function: predict.predict", "function: predictor.predict"));
        CliRun run = CliRun.of("validate", "-C", project.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("predictor");
        assertThat(CliRun.of("schedule", "-C", EXAMPLE.toString()).out()).contains("task retrain");
    }

    @Test
    void aFunctionThatIsNotInTheProjectIsRefusedBeforeAnyContainerStarts(@TempDir Path dir) throws IOException {
        Path project = copyExample(dir);
        String yml = Files.readString(project.resolve("roro.yml"));
        Files.writeString(project.resolve("roro.yml"), yml.replace("function: predict.predict",
                "function: predictor.predict"));
        CliRun missing = CliRun.of("validate", project.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        String file = project.resolve("roro.yml").toString();
        assertThat(missing.err().lines().toList()).containsExactly(file + ":8:15: services[0].function:"
                + " 'predictor.predict': there is no predictor.py (nor predictor/__init__.py) in the project directory;"
                + " did you mean predict.py?");

        Files.writeString(project.resolve("roro.yml"), yml.replace("function: predict.predict",
                "function: predict.predikt"));
        CliRun misspelt = CliRun.of("validate", project.toString());
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).startsWith(file + ":8:15: services[0].function: 'predict.predikt': predict.py"
                + " defines no `predikt` at its top level (it defines ").contains("; did you mean predict.predict?");
    }

    @Test
    void brokenCopyPrintsEachProblemWithItsLineAndExitsTwo(@TempDir Path dir) throws IOException {
        Path project = copyExample(dir);
        String yml = Files.readString(project.resolve("roro.yml"))
                .replace("function: predict.predict", "function: predict")
                .replace("when: every day at 10:00 AM", "when: every day at 25:00")
                .replace("profile: small\n    replicas", "profile: tiny\n    replicas");
        Files.writeString(project.resolve("roro.yml"), yml);

        CliRun run = CliRun.of("validate", project.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        String file = project.resolve("roro.yml").toString();
        assertThat(run.err().lines().toList()).containsExactly(
                file + ":8:15: services[0].function: 'predict' names no module; expected module.function or"
                        + " package.module:function made of Python identifiers (e.g. predict.predict)",
                file + ":10:14: services[0].profile: 'tiny' is not defined under `profiles:`; defined: default, S1,"
                        + " S2, S3, C1, C2, C4, Z16, Z64, small, gpu",
                file + ":18:11: tasks[0].when: 'every day at 25:00': 25:00 is not a time of day; hours are 0-23 and"
                        + " minutes 00-59");
    }

    @Test
    void jsonOutputForScripts(@TempDir Path dir) throws IOException {
        Path project = copyExample(dir);
        Files.writeString(project.resolve("roro.yml"), "project: Bad\n");
        CliRun run = CliRun.of("validate", "--json", project.resolve("roro.yml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("problems").get(0).get("line").asInt()).isEqualTo(1);
        assertThat(json.get("problems").get(0).get("path").asText()).isEqualTo("project");

        CliRun ok = CliRun.of("validate", "--json", EXAMPLE.toString());
        assertThat(new ObjectMapper().readTree(ok.out()).get("valid").asBoolean()).isTrue();
    }

    @Test
    void missingFileIsAProblemNotACrash(@TempDir Path dir) {
        CliRun run = CliRun.of("validate", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(dir.resolve("roro.yml") + ": file not found\n");
    }

    @Test
    void helpOnEveryCommand() {
        assertThat(CliRun.of("--help").out()).contains("validate").contains("schedule").contains("version");
        for (String command : new String[] {"validate", "schedule", "version", "deploy", "train", "serve", "rollback",
            "ps", "logs", "stop", "config", "publish", "models", "versions", "datasets", "lineage", "timeline", "k8s"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).as(command).contains("Usage: roro " + command);
            if (!command.equals("logs") && !command.equals("k8s")) { // raw container logs; a group of commands
                assertThat(run.out()).as(command).contains("--json");
            }
        }
    }

    @Test
    void versionIsTheBuildVersion() {
        assertThat(CliRun.of("version").out()).matches("roro \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\n");
        assertThat(CliRun.of("--version").out()).startsWith("roro ");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun run = CliRun.of("deploi");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument");
    }

    /** Scripts and the Jenkins steps read JSON: every command writes it, except raw logs and pod YAML. */
    @Test
    void everyCommandAndSubcommandHasJson() {
        Set<String> raw = Set.of("roro", "roro logs", "roro train logs", "roro k8s",
                "roro k8s pod-template", "roro warm-up", "roro daemon", "roro daemon run", "roro daemon stop",
                "roro help");
        List<String> without = new ArrayList<>();
        Deque<Map.Entry<String, CommandLine>> todo = new ArrayDeque<>();
        todo.add(Map.entry("roro", RoroCommand.commandLine()));
        while (!todo.isEmpty()) {
            var next = todo.pop();
            if (next.getValue().getCommandSpec().findOption("--json") == null && !raw.contains(next.getKey())) {
                without.add(next.getKey());
            }
            next.getValue().getSubcommands().forEach((name, sub) -> todo.add(Map.entry(
                    next.getKey() + " " + name, sub)));
        }
        assertThat(without).as("commands without --json").isEmpty();
    }

    static Path copyExample(Path dir) throws IOException {
        Path project = Files.createDirectory(dir.resolve("credit-risk"));
        try (var files = Files.list(EXAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, project.resolve(file.getFileName()));
            }
        }
        return project;
    }

    @Test
    void aRoroYmlThatIsNotAPlainFileOfTheProjectIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        // before: a link to /dev/zero ran out of memory, a FIFO hung (and the resident roro with it), a link out
        // of the project was read
        Path zero = Files.createDirectories(dir.resolve("zero"));
        Files.createSymbolicLink(zero.resolve("roro.yml"), Path.of("/dev/zero"));
        CliRun device = CliRun.of("validate", zero.toString());
        assertThat(device.exitCode()).isEqualTo(2);
        assertThat(device.err()).contains("roro.yml").contains("is not a regular file (a device, a pipe or a socket)");

        Path pipe = Files.createDirectories(dir.resolve("pipe"));
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.resolve("roro.yml").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        CliRun fifo = CliRun.of("validate", pipe.toString());
        assertThat(fifo.exitCode()).isEqualTo(2);
        assertThat(fifo.err()).contains("is not a regular file");

        Path outside = Files.writeString(dir.resolve("elsewhere.yml"), "project: elsewhere\n");
        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("roro.yml"), outside);
        CliRun out = CliRun.of("validate", linked.toString());
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.err()).contains("outside the project");

        Path inside = Files.createDirectories(dir.resolve("inside"));
        Files.writeString(inside.resolve("real.yml"), "project: inside\n");
        Files.createSymbolicLink(inside.resolve("roro.yml"), inside.resolve("real.yml"));
        assertThat(CliRun.of("validate", inside.toString()).exitCode()).as("a link within the project is fine")
                .isZero();
    }
}
