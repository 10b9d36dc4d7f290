package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What roro prints about a roro.yml cannot be forged by the file: a key with a line break, ESC or NUL, invisible or
 * look-alike characters show as escapes on the one line of their problem; a file with thousands of problems prints
 * the first ones and a count; a number roro cannot take is a problem naming its line and field, not an exception.
 */
class ForgedProblemsTest {
    private static List<SpecProblem> problems(String yaml) {
        try {
            ProjectSpecReader.parse(yaml, "roro.yml");
        } catch (SpecException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    @Test
    void aKeyWithALineBreakOrEscapesCannotPrintAFakeProblemOrMoveTheCursor() {
        List<SpecProblem> found = problems("project: p\n\"x\\nroro.yml:1:1: all good\\e[2J\\0\": 1\n");
        assertThat(found).hasSize(1);
        String line = found.get(0).format();
        assertThat(line).doesNotContain("\n").doesNotContain("\u001b").doesNotContain("\u0000")
                .contains("x\\nroro.yml:1:1: all good\\e[2J\\x00");
    }

    @Test
    void invisibleAndLookAlikeCharactersInANameShowAsWhatTheyAre() {
        // "services" with a Cyrillic "е" and a zero-width space
        String line = problems("project: p\ns\u0435rvices\u200b: []\n").get(0).format();
        assertThat(line).contains("s\\u0435rvices\\u200b");
    }

    @Test
    void thousandsOfProblemsPrintTheFirstOnesAndACount() {
        StringBuilder yaml = new StringBuilder("project: p\n");
        for (int i = 0; i < 5000; i++) {
            yaml.append("unknown").append(i).append(": 1\n");
        }
        List<SpecProblem> found = problems(yaml.toString());
        assertThat(found).hasSize(Problems.SHOWN + 1);
        assertThat(found.get(found.size() - 1).message()).isEqualTo("and 4800 more problems, not shown (fix the ones"
                + " above first)");
    }

    @Test
    void numbersRoroCannotTakeAreProblemsNamingTheirField() {
        for (String value : List.of(".inf", "1_000.5", "99999999999", "-.nan")) {
            List<SpecProblem> found = problems("project: p\nservices:\n  - name: default\n"
                    + "    function: predict.predict\n    replicas: " + value + "\n");
            assertThat(found).as(value).anySatisfy(p -> {
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.path()).isEqualTo("services[0].replicas");
            });
        }
        assertThatThrownBy(() -> ProjectSpecReader.parse("project: p\ntasks:\n  - name: t\n    command: x\n"
                + "    when: every 99999999999 minutes\n", "roro.yml")).isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.path()).isEqualTo("tasks[0].when");
                }));
    }
}
