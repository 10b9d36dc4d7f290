package io.roro.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import io.roro.core.spec.SpecProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links in a project: one inside it reaches the image as the file it points to (a function module that is
 * a link imports in the container as on the laptop); one out of it, to nowhere, or in a loop is refused by
 * validation, naming the link, and by the build.
 */
class ProjectLinksTest {
    @TempDir
    Path dir;

    private Path project() throws Exception {
        Path project = Files.createDirectories(dir.resolve("linked"));
        Files.writeString(project.resolve("roro.yml"), "project: linked\nservices:\n"
                + "  - name: default\n    function: predict.predict\n");
        Files.createDirectories(project.resolve("src/pkg"));
        Files.writeString(project.resolve("src/predict_impl.py"), "def predict():\n    return {'ok': 1}\n");
        Files.writeString(project.resolve("src/pkg/__init__.py"), "VALUE = 1\n");
        Files.createSymbolicLink(project.resolve("predict.py"), Path.of("src/predict_impl.py"));
        Files.createSymbolicLink(project.resolve("pkg"), Path.of("src/pkg"));
        return project;
    }

    @Test
    void aLinkInsideTheProjectIsStagedAsTheFileItPointsTo() throws Exception {
        Path project = project();
        ProjectSpecReader.read(project); // valid
        try (BuildContext context = BuildContext.stage(project, "FROM scratch\n", List.of())) {
            Path staged = context.directory().resolve("predict.py");
            assertThat(Files.isSymbolicLink(staged)).isFalse();
            assertThat(staged).content().contains("def predict()");
            assertThat(Files.isSymbolicLink(context.directory().resolve("pkg"))).isFalse();
            assertThat(context.directory().resolve("pkg/__init__.py")).content().isEqualTo("VALUE = 1\n");
        }
    }

    @Test
    void aLinkOutOfTheProjectIsRefusedByValidationAndByTheBuild() throws Exception {
        Path project = project();
        Path elsewhere = Files.writeString(dir.resolve("secret.py"), "TOKEN = 'x'\n");
        Files.createSymbolicLink(project.resolve("helpers.py"), elsewhere);
        assertThatThrownBy(() -> ProjectSpecReader.read(project)).isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(SpecProblem::format)
                        .anySatisfy(p -> assertThat(p).startsWith(project.resolve("helpers.py") + ": a symbolic link"
                                + " to " + elsewhere + ", outside the project directory")));
        assertThatThrownBy(() -> BuildContext.stage(project, "FROM scratch\n", List.of()))
                .isInstanceOf(BuildException.class).hasMessageStartingWith("helpers.py: a symbolic link to");
    }

    @Test
    void aLoopAndADanglingLinkAreRefusedNamingThem() throws Exception {
        Path project = project();
        Files.createSymbolicLink(project.resolve("src/pkg/again"), Path.of(".."));
        Files.createSymbolicLink(project.resolve("gone.py"), Path.of("nowhere.py"));
        assertThatThrownBy(() -> ProjectSpecReader.read(project)).isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(SpecProblem::message)
                        .contains("a symbolic link to nowhere.py, which does not exist",
                                "a symbolic link to .., a directory that contains it (a loop)"));
        Files.delete(project.resolve("gone.py"));
        assertThatThrownBy(() -> BuildContext.stage(project, "FROM scratch\n", List.of()))
                .isInstanceOf(BuildException.class).hasMessageContaining("(a loop)");
    }
}
