package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `roro rollback` after a bad code deploy serves the code before it (the previous revision as it was: model
 * version and build), and `--model-only` goes back to the model version before on the code as it is.
 */
class RollbackRestoresTest {
    @TempDir
    Path dir;
    private ModelServiceProject project;

    private static String app(String code) {
        return "import os\nMODEL = None\nCODE = '" + code + "'\n"
                + "def init():\n    global MODEL\n"
                + "    MODEL = open(os.path.join(os.environ['RORO_MODEL_DIR'], 'model.txt')).read()\n"
                + "def answer():\n    return {'model': MODEL, 'code': CODE}\n";
    }

    @BeforeEach
    void setUp() throws Exception {
        DockerReady.assume("RollbackRestoresTest");
        project = ModelServiceProject.create(dir, "rollback", app("good"));
    }

    @AfterEach
    void tearDown() {
        if (project != null) {
            project.close();
        }
    }

    private String answer(String endpoint) throws Exception {
        return project.predict(endpoint).body();
    }

    @Test
    void aRollbackAfterACodeDeployServesTheCodeBeforeIt() throws Exception {
        String v1 = project.publish("one");
        CliRun first = CliRun.of("deploy", "-C", project.dir.toString(), "--json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        String endpoint = first.out().replaceAll("(?s).*\"endpoint\" : \"([^\"]+)\".*", "$1");
        assertThat(answer(endpoint)).contains("\"good\"").contains("\"one\"");

        project.writeApp(app("bad")); // a code change that goes live with the same model version
        CliRun bad = CliRun.of("deploy", "-C", project.dir.toString());
        assertThat(bad.exitCode()).as(bad.err()).isZero();
        assertThat(answer(endpoint)).contains("\"bad\"");

        CliRun rollback = CliRun.of("rollback", "-C", project.dir.toString());
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled default back: rolled back from " + v1 + " on build")
                .contains("to revision");
        assertThat(answer(endpoint)).as("the code before the bad deploy").contains("\"good\"").contains("\"one\"");

        // a new model version on the code as it is (bad), then back to the model before only
        String v2 = project.publish("two");
        assertThat(CliRun.of("serve", "--version", v2, "-C", project.dir.toString()).exitCode()).isZero();
        CliRun modelOnly = CliRun.of("rollback", "--model-only", "-C", project.dir.toString());
        assertThat(modelOnly.exitCode()).as(modelOnly.err()).isZero();
        assertThat(modelOnly.out()).contains("rolled back the model only, from " + v2);
        assertThat(answer(endpoint)).contains("\"one\"").contains("\"bad\"");
    }
}
