package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Hostile or broken files get one clean problem, never a stack trace, a hang or an out-of-memory. */
class YamlReaderTest {

    private static SpecProblem onlyProblem(ThrowingRead read) {
        SpecException e = catchThrowableOfType(SpecException.class, read::run);
        assertThat(e).isNotNull();
        assertThat(e.problems()).isNotEmpty();
        return e.problems().get(0);
    }

    interface ThrowingRead {
        void run() throws Exception;
    }

    @Test
    void emptyAndCommentOnlyFiles() {
        assertThat(onlyProblem(() -> ProjectSpecReader.parse("", "roro.yml")).message()).contains("file is empty");
        assertThat(onlyProblem(() -> ProjectSpecReader.parse("# nothing\n\n", "roro.yml")).message())
                .contains("file is empty");
    }

    @Test
    void nonMappingDocuments() {
        assertThat(onlyProblem(() -> ProjectSpecReader.parse("42\n", "roro.yml")).message())
                .contains("must be a mapping").contains("found an integer");
        assertThat(onlyProblem(() -> ProjectSpecReader.parse("[a, b]\n", "roro.yml")).message())
                .contains("found a list");
    }

    @Test
    @Timeout(10)
    void billionLaughsIsRefusedWithoutExpanding() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p).append(",*")
                    .append(p).append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        SpecProblem problem = onlyProblem(() -> ProjectSpecReader.parse(yaml.toString(), "roro.yml"));
        assertThat(problem.message()).contains("not supported in roro.yml");
        assertThat(problem.line()).isEqualTo(1);
    }

    @Test
    @Timeout(20)
    void aFiftyMegabyteFileIsRefusedBeforeReading(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("roro.yml");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(50L * 1024 * 1024);
        }
        SpecProblem problem = onlyProblem(() -> ProjectSpecReader.read(big));
        assertThat(problem.message()).isEqualTo("file is 50.0 MB; a roro.yml may be at most 1024 KB");
        assertThat(problem.line()).isZero();
        assertThat(problem.format()).startsWith(big + ": file is 50.0 MB");
    }

    @Test
    @Timeout(10)
    void deepNestingIsRefused() {
        String deep = "project: p\nx: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertThat(onlyProblem(() -> ProjectSpecReader.parse(deep, "roro.yml")).message()).contains("nest");
    }

    @Test
    void notUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("roro.yml");
        Files.write(file, new byte[] {'p', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThat(onlyProblem(() -> ProjectSpecReader.read(file)).message()).isEqualTo("file is not UTF-8 text");
    }

    @Test
    void missingFileAndDirectory(@TempDir Path dir) {
        SpecProblem problem = onlyProblem(() -> ProjectSpecReader.read(dir));
        assertThat(problem.message()).isEqualTo("file not found");
        assertThat(problem.file()).endsWith("roro.yml");
    }

    @Test
    void tabsAreReportedAtTheirLine() {
        SpecProblem problem = onlyProblem(() -> ProjectSpecReader.parse("project: p\nservices:\n\t- name: a\n",
                "roro.yml"));
        assertThat(problem.line()).isEqualTo(3);
        assertThat(problem.column()).isEqualTo(1);
        assertThat(problem.message()).contains("tab character");
    }

    @Test
    void byteOrderMarkIsAccepted() throws Exception {
        assertThat(ProjectSpecReader.parse("\uFEFFproject: p\n", "roro.yml").project()).isEqualTo("p");
    }

    @Test
    void keysKeepTheirOwnPositions() throws Exception {
        YamlNode root = YamlReader.parse("project: p\nservices:\n  - name: a\n", "roro.yml");
        YamlNode.Mapping mapping = (YamlNode.Mapping) root;
        assertThat(mapping.entries().get("services").keyMark()).isEqualTo(new YamlNode.Mark(2, 1));
        YamlNode.Sequence services = (YamlNode.Sequence) mapping.entries().get("services").value();
        YamlNode.Mapping first = (YamlNode.Mapping) services.items().get(0);
        assertThat(first.entries().get("name").value().mark()).isEqualTo(new YamlNode.Mark(3, 11));
    }

    @Test
    void typesFollowYaml() throws Exception {
        YamlNode.Mapping m = (YamlNode.Mapping) YamlReader.parse("a: 2\nb: '2'\nc: 2.5\nd: true\ne:\nf: 10:00\n",
                "x");
        assertThat(((YamlNode.Scalar) m.entries().get("a").value()).type()).isEqualTo(YamlNode.Scalar.Type.INTEGER);
        assertThat(((YamlNode.Scalar) m.entries().get("b").value()).type()).isEqualTo(YamlNode.Scalar.Type.STRING);
        assertThat(((YamlNode.Scalar) m.entries().get("c").value()).type()).isEqualTo(YamlNode.Scalar.Type.FLOAT);
        assertThat(((YamlNode.Scalar) m.entries().get("d").value()).type()).isEqualTo(YamlNode.Scalar.Type.BOOLEAN);
        assertThat(((YamlNode.Scalar) m.entries().get("e").value()).type()).isEqualTo(YamlNode.Scalar.Type.NULL);
        assertThat(((YamlNode.Scalar) m.entries().get("f").value()).text()).isEqualTo("10:00");
    }

    @Test
    void reportsDuplicatesWithTheFirstLine() {
        SpecException e = catchThrowableOfType(SpecException.class,
                () -> YamlReader.parse("a: 1\nb: 2\na: 3\n", "roro.yml"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("duplicate key 'a' (first at line 1); each key may appear once in a"
                    + " mapping");
        });
        assertThat(Duration.ZERO).isZero();
    }
}
