package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.roro.cli.invocation.Invocation;
import io.roro.core.contract.CommandJson;
import io.roro.core.contract.VersionInfo;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lineage commands against the embedded store in a temporary RORO_HOME, as a user would run them. */
class LineageCommandsTest {
    @TempDir
    Path dir;
    private Path project;
    private Invocation.Scope saved;

    @BeforeEach
    void setUp() throws IOException {
        saved = TestHome.use(dir.resolve("home"));
        project = ValidateCommandTest.copyExample(dir);
        Files.createDirectories(project.resolve("out"));
        Files.writeString(project.resolve("out/model.pkl"), "weights");
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/credit.csv"), "income,default\n1,0\n");
    }

    @AfterEach
    void tearDown() {
        saved.close();
    }

    private CliRun roro(String... args) {
        String[] withProject = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            withProject[i] = args[i].replace("$P", project.toString());
        }
        return CliRun.of(withProject);
    }

    @Test
    void anAliasNamesAVersionWhereverOneIsAskedForAndKeepsItsHistory() throws Exception {
        for (int i = 0; i < 2; i++) {
            Files.writeString(project.resolve("out/model.pkl"), "weights " + i);
            assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out")
                    .exitCode()).isZero();
        }
        CliRun set = roro("versions", "alias", "credit-model", "champion", "v1");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("credit-model:champion -> credit-model:v1");
        assertThat(roro("versions", "alias", "credit-model", "champion", "credit-model:v2").exitCode()).isZero();

        assertThat(roro("versions", "--model", "credit-model").out().lines().toList())
                .anySatisfy(l -> assertThat(l).startsWith("credit-model:v2 (champion) "))
                .anySatisfy(l -> assertThat(l).startsWith("credit-model:v1 "));
        CliRun shown = roro("versions", "show", "credit-model:champion");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("version:   credit-model:v2").contains("aliases:   champion");
        CliRun history = roro("versions", "alias", "credit-model", "champion");
        assertThat(history.out().lines().toList()).hasSize(3).first().asString()
                .isEqualTo("credit-model:champion -> credit-model:v2");
        assertThat(history.out()).contains("credit-model:v1  by ").contains("credit-model:v2  by ");
        JsonNode listed = new ObjectMapper().readTree(roro("versions", "alias", "credit-model", "--json").out());
        assertThat(listed.get(0).get("version").asText()).isEqualTo("credit-model:v2");

        CliRun tagged = roro("versions", "tag", "credit-model:champion", "reviewed=yes", "team=risk",
                "--description", "retrained on November's data");
        assertThat(tagged.exitCode()).as(tagged.err()).isZero();
        assertThat(tagged.out()).contains("version:     credit-model:v2").contains("tags:        reviewed=yes, team=risk")
                .contains("description: retrained on November's data").contains("changed:");
        assertThat(roro("versions", "tag", "credit-model:v2", "--untag", "team").out())
                .contains("tags:        reviewed=yes\n");
        assertThat(roro("versions", "show", "credit-model:v2").out()).contains("tags:      reviewed=yes")
                .contains("description: retrained on November's data");
        assertThat(roro("versions", "tag", "credit-model:v2", "oops").err()).contains("write KEY=VALUE");

        CliRun bad = roro("versions", "alias", "credit-model", "v5", "v1");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("not vN or latest");
        assertThat(roro("versions", "alias", "credit-model", "champion", "--remove").exitCode()).isZero();
        assertThat(roro("versions", "show", "credit-model:champion").err())
                .contains("no model version credit-model:champion");
    }

    @Test
    void twoVersionsSideBySideMarkWhatDiffers() throws Exception {
        assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--metrics", "{\"auc\": 0.91, \"rows\": 1000}").exitCode()).isZero();
        Files.writeString(project.resolve("out/model.pkl"), "other weights");
        assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--metrics", "{\"auc\": 0.8666666666666667, \"rows\": 1000}").exitCode()).isZero();

        CliRun compared = roro("versions", "compare", "credit-model:v1", "v2");
        assertThat(compared.exitCode()).as(compared.err()).isZero();
        List<String> lines = compared.out().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("metric auc +0.91 +0.8667 +differs"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("metric rows +1000 +1000 *"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("file model.pkl").endsWith("differs"));
        JsonNode json = new ObjectMapper().readTree(roro("versions", "diff", "credit-model:v1", "credit-model:v2",
                "--json").out());
        assertThat(json.get("versions").get(0).asText()).isEqualTo("credit-model:v1");
        assertThat(json.get("rows").findValuesAsText("field")).contains("metric auc", "file model.pkl");

        CliRun missing = roro("versions", "compare", "credit-model:v1", "v9");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no model version credit-model:v9");
    }

    @Test
    void publishListShowLineageArchive() throws Exception {
        assertThat(roro("datasets", "publish", "--project", "$P", "--model", "credit-model", "--name", "credit-data",
                "--path", "$P/data").out()).isEqualTo("published dataset credit-model:credit-data:v1 (1 file)\n");
        CliRun published = roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--dataset", "credit-data", "--metrics", "{\"auc\": 0.91}");
        assertThat(published.exitCode()).isZero();
        assertThat(published.out()).isEqualTo("published credit-model:v1 (1 file)\n");

        String versions = roro("versions").out();
        assertThat(versions.lines().findFirst().orElseThrow())
                .matches("VERSION +CREATED +TRAINING +DATASET +PARAMS +METRICS +STATE +LIVE ON");
        assertThat(versions).contains("credit-model:v1").contains("credit-model:credit-data:v1").contains("{auc=0.91}");

        JsonNode shown = new ObjectMapper().readTree(roro("versions", "show", "credit-model:v1", "--json").out());
        assertThat(shown.get("dataset").asText()).isEqualTo("credit-model:credit-data:v1");
        assertThat(shown.get("files").get(0).get("sha256").asText()).hasSize(64);

        assertThat(roro("lineage", "credit-model:v1").out()).isEqualTo("""
                model version credit-model:v1 {auc=0.91}
                └─ trained on: dataset credit-model:credit-data:v1
                """);
        assertThat(roro("lineage", "dataset/credit-model:credit-data", "--downstream").out()).isEqualTo("""
                dataset credit-model:credit-data:v1
                └─ trained: model version credit-model:v1 {auc=0.91}
                live: nothing
                """);

        assertThat(roro("versions", "rm", "credit-model:v1").out()).isEqualTo("archived credit-model:v1\n");
        assertThat(roro("versions").out()).doesNotContain("credit-model:v1");
        assertThat(roro("versions", "--all").out()).contains("ARCHIVED");
        assertThat(roro("lineage", "credit-model:v1").out()).startsWith("model version credit-model:v1 [archived]");

        assertThat(roro("versions", "rm", "credit-model:v1", "--purge").out()).matches("archived credit-model:v1 and"
                + " deleted its files from the store: [0-9.]+ MB freed \\(its record stays; roro gc frees local"
                + " copies\\)\n");
        CliRun fetch = roro("versions", "fetch", "credit-model:v1", "--to", "$P/fetched");
        assertThat(fetch.exitCode()).isNotZero();
        assertThat(fetch.err()).contains("the files of credit-model:v1 were deleted on ").contains("pick another");
        assertThat(roro("versions", "show", "credit-model:v1").out()).contains("(PURGED)");
        assertThat(roro("lineage", "credit-model:v1").out()).startsWith("model version credit-model:v1 [purged]");
    }

    @Test
    void newDataUnderADatasetsNameIsItsNextVersionWhichAPublishWithoutAVersionReads() throws Exception {
        roro("datasets", "publish", "--project", "$P", "--model", "credit-model", "--name", "credit-data",
                "--path", "$P/data");
        assertThat(roro("datasets", "publish", "--project", "$P", "--model", "credit-model", "--name", "credit-data",
                "--path", "$P/data").out()).isEqualTo("nothing new published: dataset credit-model:credit-data:v1"
                        + " already has these files (1 file)\n");
        Files.writeString(project.resolve("data/credit.csv"), "income,default\n7,1\n");
        assertThat(roro("datasets", "publish", "--project", "$P", "--model", "credit-model", "--name", "credit-data",
                "--path", "$P/data").out()).isEqualTo("published dataset credit-model:credit-data:v2 (1 file)\n");
        roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out", "--dataset", "credit-data");
        roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out", "--dataset",
                "credit-data:v1");
        JsonNode v1 = new ObjectMapper().readTree(roro("versions", "show", "credit-model:v1", "--json").out());
        JsonNode v2 = new ObjectMapper().readTree(roro("versions", "show", "credit-model:v2", "--json").out());
        assertThat(v1.get("dataset").asText()).isEqualTo("credit-model:credit-data:v2");
        assertThat(v2.get("dataset").asText()).isEqualTo("credit-model:credit-data:v1");
        assertThat(roro("datasets").out()).contains("credit-model:credit-data:v2", "credit-model:credit-data:v1");
        Path to = dir.resolve("old");
        roro("datasets", "fetch", "credit-model:credit-data:v1", "--to", to.toString());
        assertThat(Files.readString(to.resolve("credit.csv"))).startsWith("income,default").doesNotContain("7,1");
        CliRun missing = roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--dataset", "credit-data:v9");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("unknown dataset credit-model:credit-data:v9");
    }

    @Test
    void versionsSortByAMetricAndShowParams() throws Exception {
        for (String auc : List.of("0.71", "0.93", "0.85")) {
            roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out", "--metrics",
                    "{\"auc\": " + auc + ", \"loss\": " + (1 - Double.parseDouble(auc)) + "}");
        }
        List<String> best = roro("versions", "--sort", "auc", "--limit", "2").out().lines().skip(1)
                .map(l -> l.split(" +")[0]).toList();
        assertThat(best).containsExactly("credit-model:v2", "credit-model:v3");
        List<String> lowestLoss = roro("versions", "--sort", "metrics.loss", "--ascending").out().lines().skip(1)
                .map(l -> l.split(" +")[0]).toList();
        assertThat(lowestLoss).containsExactly("credit-model:v2", "credit-model:v3", "credit-model:v1");
        assertThat(roro("versions", "show", "credit-model:v2").out()).contains("params:    -")
                .contains("live on:   nothing");
    }

    @Test
    void serveIfAVersionDoesNotMeetTheConditionSaysWhyAndChangesNothing() throws Exception {
        roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out", "--metrics",
                "{\"auc\": 0.71}");
        CliRun refused = roro("serve", "default", "-C", "$P", "--version", "credit-model:v1", "--if",
                "metrics.auc > 0.8");
        assertThat(refused.exitCode()).as(refused.err()).isZero();
        assertThat(refused.out() + refused.err()).contains("not served: credit-model:v1's auc 0.71 does not meet"
                + " > 0.8");
        assertThat(roro("ps", "--json", "-C", "$P").out()).doesNotContain("credit-model:v1");
        CliRun bad = roro("serve", "default", "-C", "$P", "--if", "auc is high");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--if: 'auc is high' is not a condition");
    }

    @Test
    void fetchWritesVerifiedFiles() throws Exception {
        roro("datasets", "publish", "--project", "$P", "--model", "credit-model", "--name", "credit-data", "--path",
                "$P/data");
        roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out");
        Path to = dir.resolve("fetched");
        assertThat(roro("versions", "fetch", "credit-model:v1", "--to", to.toString()).out())
                .isEqualTo("fetched credit-model:v1 (1 file) to " + to + "\n");
        assertThat(Files.readString(to.resolve("model.pkl"))).isEqualTo("weights");
        roro("dataset", "fetch", "credit-model:credit-data", "--to", to.resolve("data").toString());
        assertThat(Files.readString(to.resolve("data/credit.csv"))).startsWith("income,default");
    }

    @Test
    void podTemplateOfAProfile() throws Exception {
        CliRun run = roro("k8s", "pod-template", "gpu", "-C", "$P", "--image", "roro/runtime-gpu:1");
        assertThat(run.exitCode()).isZero();
        var pod = new ObjectMapper(new YAMLFactory())
                .readTree(run.out());
        var roroContainer = pod.get("spec").get("containers").get(1);
        assertThat(roroContainer.get("name").asText()).isEqualTo("roro");
        assertThat(roroContainer.get("resources").get("limits").get("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(pod.get("spec").get("tolerations").get(0).get("key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(roro("k8s", "pod-template", "huge", "-C", "$P").err()).contains("no profile 'huge'");
    }

    @Test
    void modelsComeFromRoroYml() {
        roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out");
        String models = roro("models").out();
        assertThat(models).contains("credit-model").contains("credit-risk").contains("model.pkl,metrics.json?");
        assertThat(roro("models", "show", "credit-model").out()).contains("model.pkl (required) max 64 MB");
    }

    @Test
    void refusalsAreOneLineAndNonZero() throws IOException {
        Files.delete(project.resolve("out/model.pkl"));
        Files.writeString(project.resolve("out/other.txt"), "x");
        CliRun missing = roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("roro: cannot publish " + project.resolve("out")
                + " as model credit-model: required file model.pkl is missing\n");
        CliRun badId = roro("versions", "show", "credit-model");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("'credit-model' is not a model version id; expected MODEL:VERSION");
        CliRun badFilter = roro("versions", "--filter", "metrics.auc >");
        assertThat(badFilter.exitCode()).isEqualTo(2);
        assertThat(badFilter.err()).contains("--filter: search column 14 at the end").hasLineCount(2);
    }

    @Test
    void whatTheCommandPrintsIsReadBackAsItsRecord() {
        // the Jenkins steps read these answers with the contract's reader, as the same records
        CliRun published = roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--metrics", "{\"auc\": 0.91, \"rows\": 5000}", "--details", "{\"reviewed_by\": \"alice\"}",
                "--json");
        assertThat(published.exitCode()).isZero();
        ModelVersion read = CommandJson.read(published.out(),
                ModelVersion.class);
        try (var lineage = LineageAccess.open()) {
            assertThat(read).isEqualTo(lineage.models().modelVersion("credit-model:v1").orElseThrow());
        }
        // people read metrics rounded; the record keeps them whole
        assertThat(roro("versions").out()).contains("{auc=0.91, rows=5000}");
        CliRun third = roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--metrics", "{\"auc\": 0.8666666666666667}");
        assertThat(third.exitCode()).isZero();
        assertThat(roro("versions").out()).contains("{auc=0.8667}").doesNotContain("0.86666");
        assertThat(roro("versions", "show", "credit-model:v2", "--json").out()).contains("0.8666666666666667");
        assertThat(CommandJson.read(roro("version", "--json").out(),
                VersionInfo.class)).isEqualTo(VersionInfo.current());
    }

    @Test
    void timelineOfAServiceWithoutDeployments() {
        CliRun run = roro("timeline", "credit-risk:default");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("no deployments of credit-risk:default");
    }

    @Test
    void theTimelineSaysWhyAServiceFailedOrWasRolledBack() {
        try (var lineage = LineageAccess.open()) {
            lineage.deployments().record(new DeploymentChange("credit-risk", "default",
                    DeploymentEventType.FAILED, DeploymentState.FAILED,
                    Optional.of("credit-model:v1"), Optional.empty(), 0, "small", "docker",
                    Optional.empty(), Optional.of("roro-svc-x did not become healthy:\nTraceback"
                            + " (most recent call last):\n  File \"predict.py\"\nModuleNotFoundError: No module named"
                            + " 'sklearn2'\n"), Origin.of("test", "cli")));
        }
        String timeline = roro("timeline", "credit-risk:default").out();
        assertThat(timeline.lines().findFirst().orElseThrow()).endsWith("WHY");
        assertThat(timeline).contains("FAILED").contains("roro-svc-x did not become healthy: ... ModuleNotFoundError:"
                + " No module named 'sklearn2'");
    }

    @Test
    void theRoroHomeAndTheLineageFileAreReadableByTheirOwnerOnly() throws Exception {
        assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out").exitCode())
                .isZero();
        Path home = dir.resolve("home");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("lineage.mv")))).isEqualTo("rw-------");
    }

    @Test
    void versionsPageWithAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out")
                    .exitCode()).isZero();
        }
        CliRun first = roro("versions", "--model", "credit-model", "--limit", "2");
        assertThat(first.out()).contains("credit-model:v3").contains("credit-model:v2").doesNotContain("credit-model:v1");
        CliRun next = roro("versions", "--model", "credit-model", "--limit", "2", "--after", "credit-model:v2");
        assertThat(next.out()).contains("credit-model:v1").doesNotContain("credit-model:v2");
        assertThat(roro("lineage", "credit-model:latest").out()).startsWith("model version credit-model:v3");
        CliRun none = roro("lineage", "nomodel:latest");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("model nomodel has no published version");
        CliRun unknown = roro("versions", "--model", "credit-model", "--after", "credit-model:v9");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--after: no model version credit-model:v9 to list after");
    }

    @Test
    void badOptionsAndUnknownServicesAreClearErrors() {
        CliRun timeline = roro("timeline", "nosuchservice", "--project", "$P");
        assertThat(timeline.exitCode()).isEqualTo(2);
        assertThat(timeline.err()).contains("no service 'nosuchservice' in credit-risk; services: default");
        CliRun limit = roro("versions", "--limit", "-5");
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit is a number from 1 to 10000, not -5");
        assertThat(roro("publish", "--project", "$P", "--model", "credit-model", "--path", "$P/out",
                "--metrics", "{\"auc\": 0.9}").exitCode()).isZero();
        CliRun json = roro("versions", "--filter", "{\"metrics.auc\": {\"$where\": 1}}");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.err()).contains("--filter: a search is written as conditions such as metrics.auc > 0.8");
        CliRun typo = roro("versions", "--filter", "metrics.auc >> 0.8");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("--filter: search column 14 at '>'").doesNotContain("127.0.0.1");
        assertThat(roro("versions", "--filter", "metrics.auc > 0.8 and created > 2001-01-01").out())
                .contains("credit-model:v").contains("0.9");
        assertThat(roro("versions", "--filter", "metrics.auc < 0.8").out()).doesNotContain("credit-model:v");
    }
}
