package io.roro.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    @Test
    void valuesAreTypedAsYamlScalars() {
        assertEquals(Map.of("n", 80L, "lr", 0.05, "warm", true, "solver", "adam", "tag", "v1.2"),
                Params.parse(List.of("n=80", "lr=0.05", "warm=true", "solver=adam", "tag=v1.2")));
    }

    @Test
    void aFormsLinesBecomeAssignments() {
        // the plugin's snippet generator: blank lines and comments skipped, spaces around '=' dropped
        assertEquals(List.of("n_estimators=80", "learning_rate=0.05", "note=a = b"),
                Params.lines("n_estimators=80\n\n  # tuned\nlearning_rate = 0.05\nnote=a = b\n"));
    }

    @Test
    void aMalformedLineIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Params.lines("n_estimators=80\nmax_depth\n"));
        assertTrue(e.getMessage().contains("'max_depth' is not a parameter; write NAME=VALUE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Params.parse(List.of("max-depth=3")));
        assertTrue(e.getMessage().contains("'max-depth' is not a valid parameter name"), e.getMessage());
    }
}
