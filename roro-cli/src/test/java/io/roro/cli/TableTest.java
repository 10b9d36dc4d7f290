package io.roro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A value with a line break or an escape sequence (a param, a metric key) stays in its cell, visible as such. */
class TableTest {
    @Test
    void aCellCannotBreakTheTableOrReachTheTerminalAsControlCharacters() {
        StringWriter out = new StringWriter();
        new Table("VERSION", "PARAMS").row("m:v1", "{note=first\nm:v9  {forged}\u001b[2J}").row("m:v2", "{}")
                .print(new PrintWriter(out, true));
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(out.toString()).contains("first\\nm:v9  {forged}\\e[2J").doesNotContain("\u001b");
    }
}
