package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated roro.yml text must give either a spec or a {@link SpecException} with located problems:
 * never another exception, a hang or a problem pointing outside the file.
 */
class SpecFuzzTest {
    private static final String EXAMPLE = read(Path.of("..", "examples", "credit-risk", "roro.yml"));
    private static final String YAML_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 \t\n:-[]{},&*!|>'\"%@`#?.~/\\_=";

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 1500)
    void mutatedExampleNeverFailsUncleanly(@ForAll("mutations") String yaml) {
        checkCleanOutcome(yaml);
    }

    @Property(tries = 1500)
    void randomYamlLikeTextNeverFailsUncleanly(@ForAll("yamlish") String yaml) {
        checkCleanOutcome(yaml);
    }

    @Property(tries = 500)
    void shuffledLinesNeverFailUncleanly(@ForAll("shuffledLines") String yaml) {
        checkCleanOutcome(yaml);
    }

    private static void checkCleanOutcome(String yaml) {
        long lines = yaml.lines().count() + 2;
        try {
            ProjectSpec spec = ProjectSpecReader.parse(yaml, "roro.yml");
            assertThat(spec.project()).matches(Names.NAME);
        } catch (SpecException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.file()).isEqualTo("roro.yml");
                assertThat(p.line()).isBetween(0, (int) lines);
                assertThat(p.message()).isNotBlank();
            });
        }
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.strings().withChars(YAML_CHARS.toCharArray()).ofMaxLength(300)
                .map(s -> "project: p\n" + s);
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, EXAMPLE.length() - 1);
        Arbitrary<String> insert = Arbitraries.strings().withChars(YAML_CHARS.toCharArray()).ofMinLength(0)
                .ofMaxLength(8);
        Arbitrary<Integer> deleteLength = Arbitraries.integers().between(0, 12);
        return Combinators.combine(position, insert, deleteLength, Arbitraries.integers().between(1, 4))
                .as((pos, text, delete, rounds) -> {
                    String s = EXAMPLE;
                    for (int i = 0; i < rounds; i++) {
                        int at = Math.min(pos * (i + 1) % Math.max(s.length(), 1), s.length());
                        int end = Math.min(s.length(), at + delete);
                        s = s.substring(0, at) + text + s.substring(end);
                    }
                    return s;
                });
    }

    @Provide
    Arbitrary<String> shuffledLines() {
        List<String> lines = EXAMPLE.lines().toList();
        return Arbitraries.shuffle(lines).map(l -> String.join("\n", l.subList(0, Math.max(1, l.size() / 2))));
    }
}
