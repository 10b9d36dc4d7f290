package io.roro.core.spec;

/**
 * One thing wrong with a roro.yml: where it is, which field, and what would be valid.
 *
 * @param file   the file as the user named it (e.g. {@code roro.yml} or {@code examples/x/roro.yml})
 * @param line   1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when unknown
 * @param path   the field path such as {@code services[1].function}; empty for the whole document
 * @param message what was found and what would be valid
 */
public record SpecProblem(String file, int line, int column, String path, String message) {

    /**
     * One problem is one line of output (what editors and CI annotations read): line breaks in the message become
     * spaces, and what came from the file (a key in the path, a value quoted in the message) cannot forge another
     * line or hide a character (see {@link Visible}).
     */
    public SpecProblem {
        message = Visible.text(message.strip().replaceAll("\\s*\\R\\s*", " "));
        path = Visible.name(path);
        file = Visible.text(file);
    }

    /** {@code roro.yml:12:7: services[1].function: message}, the format of compilers and linters. */
    public String format() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
