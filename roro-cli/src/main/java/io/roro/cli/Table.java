package io.roro.cli;

import io.roro.core.spec.Visible;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Column-aligned text output in the style of kubectl: upper-case headers, two spaces between columns. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final String[] headers;

    Table(String... headers) {
        this.headers = headers;
    }

    Table row(Object... cells) {
        String[] row = new String[headers.length];
        for (int i = 0; i < headers.length; i++) {
            // a value with a line break or an escape sequence (a param, a metric key) stays in its cell
            row[i] = i < cells.length && cells[i] != null ? Visible.text(cells[i].toString()) : "";
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        // one write for the whole table: through the resident roro each write is a frame to relay
        StringBuilder text = new StringBuilder();
        line(text, headers, widths);
        rows.forEach(r -> line(text, r, widths));
        out.print(text);
        out.flush();
    }

    private static void line(StringBuilder text, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    /** "1 file", "3 files": a count with its noun, for the lines commands print. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
