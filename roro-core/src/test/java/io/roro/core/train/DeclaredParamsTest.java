package io.roro.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.SpecException;
import io.roro.core.spec.TaskSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** roro.yml's params: declare a task's parameters (a default, or a type alone); a run takes only those, typed. */
class DeclaredParamsTest {
    private static final ProjectSpec SPEC = spec("""
            project: p
            tasks:
              - name: fit
                command: python3 fit.py
                params: {n_estimators: 100, max_depth: int, rate: 0.1, flag: true, label: str}
              - name: free
                command: python3 free.py
                params: {}
            """);
    private static final TaskSpec FIT = SPEC.task("fit").orElseThrow();

    private static ProjectSpec spec(String yaml) {
        try {
            return ProjectSpecReader.parse(yaml, "roro.yml");
        } catch (SpecException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void defaultsAreRecordedAndGivenValuesTyped() {
        Map<String, Object> params = DeclaredParams.of(FIT, Map.of("max_depth", 3L, "label", "x", "rate", 1L));
        assertThat(params).containsEntry("n_estimators", 100L).containsEntry("max_depth", 3L)
                .containsEntry("rate", 1.0).containsEntry("flag", true).containsEntry("label", "x");
    }

    @Test
    void anUndeclaredNameAWrongTypeOrAMissingValueIsRefusedNamingIt() {
        assertThatThrownBy(() -> DeclaredParams.of(FIT, Map.of("max_depth", 3L, "label", "x", "nonexistent", 5L)))
                .hasMessageContaining("'nonexistent' is not a parameter of task fit; it declares n_estimators,"
                        + " max_depth, rate, flag, label");
        assertThatThrownBy(() -> DeclaredParams.of(FIT, Map.of("max_depth", "deep", "label", "x")))
                .hasMessageContaining("max_depth is an int, not deep");
        assertThatThrownBy(() -> DeclaredParams.of(FIT, Map.of("label", "x")))
                .hasMessageContaining("max_depth has no default in roro.yml: give it (-p max_depth=...)");
    }

    @Test
    void aTaskThatDeclaresNoParametersTakesAny() {
        assertThat(DeclaredParams.of(SPEC.task("free").orElseThrow(), Map.of("anything", "goes")))
                .containsEntry("anything", "goes");
    }
}
